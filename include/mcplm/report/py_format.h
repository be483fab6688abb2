// Numbers formatted the way the original Python code printed them, so output
// files match the original's byte for byte.
#pragma once
#include <string>

namespace mcplm {

// Python's repr(float): shortest round-trip digits, "1.0" for integers,
// "1e-05" style exponents, "nan"/"inf".
std::string py_float(double value);

// C's "%.4f" (pandas float_format='%.4f').
std::string fixed4(double value);

}  // namespace mcplm
