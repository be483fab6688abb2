#include "mcplm/core/device.h"

#include <fmt/format.h>
#include <torch/cuda.h>
#include <torch/torch.h>

#include <cctype>

#include "mcplm/core/error.h"

namespace mcplm {

namespace {

// "N" of "cuda:N" as a device index; -1 unless it is a plain small number.
int parse_index(const std::string& digits) {
  if (digits.empty() || digits.size() > 3) return -1;
  for (char c : digits)
    if (!std::isdigit(static_cast<unsigned char>(c))) return -1;
  return std::stoi(digits);
}

}  // namespace

c10::Device parse_device(const std::string& text) {
  c10::Device device = c10::kCPU;
  if (text == "cuda") {
    device = c10::Device(c10::kCUDA);
  } else if (text.rfind("cuda:", 0) == 0) {
    const int index = parse_index(text.substr(5));
    if (index < 0 || index > 127)
      throw InputError(
          fmt::format("--device {}: the device index must be a number (cuda:0)", text));
    device = c10::Device(c10::kCUDA, static_cast<c10::DeviceIndex>(index));
  } else if (text != "cpu") {
    throw InputError(fmt::format("--device {}: expected cpu, cuda or cuda:N", text));
  }
  require_device(device);
  return device;
}

void require_device(const c10::Device& device) {
  if (device.is_cpu()) return;
  const std::string name = device.str();
  if (!device.is_cuda()) throw InputError("--device " + name + ": mcplm runs on cpu or cuda");
  if (!at::globalContext().hasCUDART())
    throw InputError("--device " + name +
                     ": this LibTorch was built without CUDA (torch::cuda::is_available() is "
                     "false); build mcplm against a CUDA LibTorch (README: Building with CUDA)");
  const auto count = static_cast<int64_t>(torch::cuda::device_count());
  if (count == 0)
    throw InputError("--device " + name +
                     ": no CUDA device is visible (torch::cuda::is_available() is false)");
  if (device.has_index() && device.index() >= count)
    throw InputError(fmt::format("--device {}: only {} CUDA device(s) visible (cuda:0 to cuda:{})",
                                 name, count, count - 1));
}

void synchronize_device(const c10::Device& device) {
  if (device.is_cuda()) torch::cuda::synchronize(device.has_index() ? device.index() : -1);
}

}  // namespace mcplm
