#include "mcplm/io/torch_pickle.h"

#include <caffe2/serialize/inline_container.h>
#include <fmt/format.h>
#include <torch/torch.h>

#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "mcplm/core/error.h"

namespace mcplm {

namespace fs = std::filesystem;

const PickleValue* PickleValue::find(const std::string& key) const {
  if (kind != Kind::Dict) return nullptr;
  for (const auto& [k, v] : *dict)
    if (k.kind == Kind::String && k.s == key) return &v;
  return nullptr;
}

PickleValue::~PickleValue() {
  // The children of containers that only this value holds move to a work list
  // before the containers go, so no destructor meets a nested container.
  std::vector<PickleValue> work;
  auto take_children = [&work](PickleValue& v) {
    if (v.items && v.items.use_count() == 1) {
      for (auto& child : *v.items) work.push_back(std::move(child));
      v.items->clear();
    }
    if (v.dict && v.dict.use_count() == 1) {
      for (auto& [key, child] : *v.dict) {
        work.push_back(std::move(key));
        work.push_back(std::move(child));
      }
      v.dict->clear();
    }
  };
  take_children(*this);
  while (!work.empty()) {
    PickleValue v = std::move(work.back());
    work.pop_back();
    take_children(v);
  }
}

namespace {

using Kind = PickleValue::Kind;

PickleValue make_none() { return {}; }
PickleValue make_bool(bool b) {
  PickleValue v;
  v.kind = Kind::Bool;
  v.b = b;
  return v;
}
PickleValue make_int(int64_t i) {
  PickleValue v;
  v.kind = Kind::Int;
  v.i = i;
  return v;
}
PickleValue make_float(double f) {
  PickleValue v;
  v.kind = Kind::Float;
  v.f = f;
  return v;
}
PickleValue make_string(std::string s, Kind kind = Kind::String) {
  PickleValue v;
  v.kind = kind;
  v.s = std::move(s);
  return v;
}
PickleValue make_seq(Kind kind, PickleList items = {}) {
  PickleValue v;
  v.kind = kind;
  v.items = std::make_shared<PickleList>(std::move(items));
  return v;
}
PickleValue make_dict() {
  PickleValue v;
  v.kind = Kind::Dict;
  v.dict = std::make_shared<PickleDict>();
  return v;
}
PickleValue make_tensor(torch::Tensor t) {
  PickleValue v;
  v.kind = Kind::Tensor;
  v.tensor = std::move(t);
  return v;
}
PickleValue make_opaque(std::string module, std::string name) {
  PickleValue v;
  v.kind = Kind::Opaque;
  v.opaque = std::make_shared<PickleOpaque>(PickleOpaque{std::move(module), std::move(name)});
  return v;
}

// Storage classes torch.save names in persistent ids.
std::optional<torch::ScalarType> storage_dtype(const std::string& name) {
  static const std::map<std::string, torch::ScalarType> kTypes = {
      {"FloatStorage", torch::kFloat32},     {"HalfStorage", torch::kFloat16},
      {"BFloat16Storage", torch::kBFloat16}, {"DoubleStorage", torch::kFloat64},
      {"LongStorage", torch::kInt64},        {"IntStorage", torch::kInt32},
      {"ShortStorage", torch::kInt16},       {"CharStorage", torch::kInt8},
      {"ByteStorage", torch::kUInt8},        {"BoolStorage", torch::kBool}};
  auto it = kTypes.find(name);
  if (it == kTypes.end()) return std::nullopt;
  return it->second;
}

// Modules whose callables a data file has no business invoking.
bool is_dangerous_module(const std::string& module) {
  static const std::set<std::string> kModules = {
      "os",     "posix",  "nt",         "subprocess",      "sys",      "builtins", "__builtin__",
      "shutil", "socket", "importlib",  "runpy",           "pickle",   "marshal",  "ctypes",
      "pty",    "code",   "webbrowser", "multiprocessing", "commands", "platform"};
  std::string root = module.substr(0, module.find('.'));
  return kModules.count(root) > 0;
}

class Unpickler {
 public:
  Unpickler(const std::string& data, const std::string& name,
            const std::function<std::string(const std::string&)>& storage)
      : data_(data), name_(name), storage_(storage) {}

  PickleValue run() {
    while (true) {
      uint8_t op = read_u8();
      switch (op) {
        case 0x80:
          read_u8();
          break;  // PROTO
        case 0x95:
          read_le(8);
          break;  // FRAME
        case '.':
          return pop_value();  // STOP
        case '(':
          marks_.push_back(stack_.size());
          break;
        case 'N':
          push(make_none());
          break;
        case 0x88:
          push(make_bool(true));
          break;
        case 0x89:
          push(make_bool(false));
          break;
        case 'J':
          push(make_int(static_cast<int32_t>(read_le(4))));
          break;
        case 'K':
          push(make_int(read_le(1)));
          break;
        case 'M':
          push(make_int(read_le(2)));
          break;
        case 0x8a:
          push(make_int(read_long(read_le(1))));
          break;  // LONG1
        case 0x8b:
          push(make_int(read_long(read_le(4))));
          break;  // LONG4
        case 'G':
          push(make_float(read_f64_be()));
          break;
        case 'I':
          push(read_int_line());
          break;
        case 'L':
          push(make_int(parse_int(strip_l(read_line()))));
          break;
        case 'F':
          push(make_float(parse_float(read_line())));
          break;
        case 'X':
          push(make_string(read_bytes(read_le(4))));
          break;
        case 0x8c:
          push(make_string(read_bytes(read_le(1))));
          break;
        case 0x8d:
          push(make_string(read_bytes(read_le(8))));
          break;
        case 'T':
          push(make_string(read_bytes(read_le(4)), Kind::Bytes));
          break;
        case 'U':
          push(make_string(read_bytes(read_le(1)), Kind::Bytes));
          break;
        case 'B':
          push(make_string(read_bytes(read_le(4)), Kind::Bytes));
          break;
        case 'C':
          push(make_string(read_bytes(read_le(1)), Kind::Bytes));
          break;
        case 0x8e:
          push(make_string(read_bytes(read_le(8)), Kind::Bytes));
          break;
        case 0x96:
          push(make_string(read_bytes(read_le(8)), Kind::Bytes));
          break;
        case ')':
          push(make_seq(Kind::Tuple));
          break;
        case ']':
          push(make_seq(Kind::List));
          break;
        case '}':
          push(make_dict());
          break;
        case 0x8f:
          push(make_seq(Kind::List));
          break;  // EMPTY_SET (as a list)
        case 't':
          push(make_seq(Kind::Tuple, pop_mark()));
          break;
        case 'l':
          push(make_seq(Kind::List, pop_mark()));
          break;
        case 0x91:
          push(make_seq(Kind::List, pop_mark()));
          break;  // FROZENSET
        case 0x85:
          push(tuple_of(1));
          break;
        case 0x86:
          push(tuple_of(2));
          break;
        case 0x87:
          push(tuple_of(3));
          break;
        case 'd':
          push(dict_from(pop_mark()));
          break;
        case 'a':
          append(pop_value());
          break;
        case 'e':
        case 0x90:
          for (auto& v : pop_mark()) append(std::move(v));
          break;
        case 's': {
          PickleValue value = pop_value(), key = pop_value();
          set_item(std::move(key), std::move(value));
          break;
        }
        case 'u': {
          PickleList kv = pop_mark();
          if (kv.size() % 2) fail("SETITEMS with an odd number of values");
          for (std::size_t i = 0; i < kv.size(); i += 2) set_item(kv[i], kv[i + 1]);
          break;
        }
        case 'q':
          memo_[read_le(1)] = top();
          break;
        case 'r':
          memo_[read_le(4)] = top();
          break;
        case 'p':
          memo_[parse_int(read_line())] = top();
          break;
        case 0x94:
          memo_[memo_.size()] = top();
          break;  // MEMOIZE
        case 'h':
          push(memo_get(read_le(1)));
          break;
        case 'j':
          push(memo_get(read_le(4)));
          break;
        case 'g':
          push(memo_get(parse_int(read_line())));
          break;
        case '0':
          pop_value();
          break;
        case '1':
          pop_mark();
          break;
        case '2':
          push(top());
          break;
        case 'c': {
          std::string module = read_line();
          push(global(module, read_line()));
          break;
        }
        case 0x93: {  // STACK_GLOBAL
          PickleValue name = pop_value(), module = pop_value();
          if (name.kind != Kind::String || module.kind != Kind::String)
            fail("STACK_GLOBAL with non-string names");
          push(global(module.s, name.s));
          break;
        }
        case 'Q':
          push(persistent_load(pop_value()));
          break;     // BINPERSID
        case 'R': {  // REDUCE
          PickleValue args = pop_value(), callable = pop_value();
          push(reduce(callable, args));
          break;
        }
        case 0x81: {  // NEWOBJ: cls.__new__(cls, *args)
          PickleValue args = pop_value(), cls = pop_value();
          push(reduce(cls, args));
          break;
        }
        case 0x92: {  // NEWOBJ_EX
          PickleValue kwargs = pop_value(), args = pop_value(), cls = pop_value();
          push(reduce(cls, args));
          break;
        }
        case 'b':
          pop_value();
          break;  // BUILD: state is data we do not need
        default:
          fail(fmt::format("unsupported pickle opcode 0x{:02x} at byte {}", op, pos_ - 1));
      }
    }
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw InputError(name_, 0, "bad pickle: " + what);
  }

  uint8_t read_u8() {
    if (pos_ >= data_.size()) fail("unexpected end of data");
    return static_cast<uint8_t>(data_[pos_++]);
  }
  uint64_t read_le(int n) {
    if (data_.size() - pos_ < static_cast<std::size_t>(n)) fail("unexpected end of data");
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(data_[pos_ + i]);
    pos_ += n;
    return v;
  }
  std::string read_bytes(uint64_t n) {
    if (data_.size() - pos_ < n) fail("string runs past the end of data");
    std::string s = data_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  std::string read_line() {
    auto end = data_.find('\n', pos_);
    if (end == std::string::npos) fail("unterminated text line");
    std::string s = data_.substr(pos_, end - pos_);
    pos_ = end + 1;
    return s;
  }
  double read_f64_be() {
    uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) bits = (bits << 8) | read_u8();
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return d;
  }
  int64_t read_long(uint64_t n) {
    if (n > 8) fail("integer wider than 64 bits");
    if (n == 0) return 0;
    uint64_t v = read_le(static_cast<int>(n));
    if (n < 8 && (v >> (8 * n - 1)) & 1) v |= ~uint64_t{0} << (8 * n);  // sign-extend
    return static_cast<int64_t>(v);
  }
  static std::string strip_l(std::string s) {
    if (!s.empty() && s.back() == 'L') s.pop_back();
    return s;
  }
  int64_t parse_int(const std::string& s) const {
    try {
      std::size_t used = 0;
      int64_t v = std::stoll(s, &used);
      if (used != s.size()) fail("bad integer '" + s + "'");
      return v;
    } catch (const std::logic_error&) {
      fail("bad integer '" + s + "'");
    }
  }
  double parse_float(const std::string& s) const {
    try {
      return std::stod(s);
    } catch (const std::logic_error&) {
      fail("bad float '" + s + "'");
    }
  }
  PickleValue read_int_line() {
    std::string s = read_line();
    if (s == "00") return make_bool(false);
    if (s == "01") return make_bool(true);
    return make_int(parse_int(s));
  }

  void push(PickleValue v) { stack_.push_back(std::move(v)); }
  PickleValue& top() {
    if (stack_.empty() || (!marks_.empty() && stack_.size() <= marks_.back()))
      fail("stack underflow");
    return stack_.back();
  }
  PickleValue pop_value() {
    PickleValue v = std::move(top());
    stack_.pop_back();
    return v;
  }
  PickleList pop_mark() {
    if (marks_.empty()) fail("no mark on the stack");
    std::size_t mark = marks_.back();
    marks_.pop_back();
    PickleList items(std::make_move_iterator(stack_.begin() + static_cast<long>(mark)),
                     std::make_move_iterator(stack_.end()));
    stack_.resize(mark);
    return items;
  }
  PickleValue tuple_of(std::size_t n) {
    if (stack_.size() < n + (marks_.empty() ? 0 : marks_.back())) fail("stack underflow");
    PickleList items(std::make_move_iterator(stack_.end() - static_cast<long>(n)),
                     std::make_move_iterator(stack_.end()));
    stack_.resize(stack_.size() - n);
    return make_seq(Kind::Tuple, std::move(items));
  }
  PickleValue dict_from(PickleList kv) {
    if (kv.size() % 2) fail("DICT with an odd number of values");
    PickleValue d = make_dict();
    for (std::size_t i = 0; i < kv.size(); i += 2) d.dict->emplace_back(kv[i], kv[i + 1]);
    return d;
  }
  void append(PickleValue v) {
    PickleValue& list = top();
    if (list.kind == Kind::Opaque) return;  // a custom container: contents not needed
    if (list.kind != Kind::List) fail("APPEND to a non-list");
    list.items->push_back(std::move(v));
  }
  void set_item(PickleValue key, PickleValue value) {
    PickleValue& d = top();
    if (d.kind == Kind::Opaque) return;
    if (d.kind != Kind::Dict) fail("SETITEM on a non-dict");
    for (auto& [k, v] : *d.dict)
      if (k.kind == Kind::String && key.kind == Kind::String && k.s == key.s) {
        v = std::move(value);
        return;
      }
    d.dict->emplace_back(std::move(key), std::move(value));
  }
  PickleValue memo_get(uint64_t key) {
    auto it = memo_.find(key);
    if (it == memo_.end()) fail(fmt::format("memo key {} not found", key));
    return it->second;
  }

  PickleValue global(const std::string& module, const std::string& name) {
    return make_opaque(module, name);
  }

  // ('storage', storage_type, key, location, numel) -> a 1-d tensor.
  PickleValue persistent_load(const PickleValue& pid) {
    if (pid.kind != Kind::Tuple || pid.items->size() < 5 || (*pid.items)[0].s != "storage")
      fail("unsupported persistent id");
    const auto& type = (*pid.items)[1];
    const auto& key = (*pid.items)[2];
    if (type.kind != Kind::Opaque || key.kind != Kind::String) fail("malformed storage id");
    auto dtype = storage_dtype(type.opaque->name);
    if (!dtype) fail("unsupported storage type " + type.opaque->module + "." + type.opaque->name);
    auto cached = storages_.find(key.s);
    if (cached != storages_.end()) return make_tensor(cached->second);
    std::string bytes = storage_(key.s);
    const int64_t element = static_cast<int64_t>(c10::elementSize(*dtype));
    torch::Tensor t = torch::empty({static_cast<int64_t>(bytes.size()) / element},
                                   torch::TensorOptions().dtype(*dtype));
    std::memcpy(t.data_ptr(), bytes.data(), t.numel() * element);
    storages_.emplace(key.s, t);
    return make_tensor(t);
  }

  std::vector<int64_t> int_tuple(const PickleValue& v, const char* what) const {
    if (v.kind != Kind::Tuple && v.kind != Kind::List) fail(std::string(what) + " is not a tuple");
    std::vector<int64_t> out;
    for (const auto& item : *v.items) {
      if (item.kind != Kind::Int) fail(std::string(what) + " holds a non-integer");
      out.push_back(item.i);
    }
    return out;
  }

  PickleValue rebuild_tensor(const PickleList& args) {
    if (args.size() < 4 || args[0].kind != Kind::Tensor || args[1].kind != Kind::Int)
      fail("malformed _rebuild_tensor_v2 arguments");
    const torch::Tensor& storage = args[0].tensor;
    auto size = int_tuple(args[2], "tensor size");
    auto stride = int_tuple(args[3], "tensor stride");
    if (size.size() != stride.size()) fail("tensor size and stride differ in length");
    int64_t offset = args[1].i, last = offset, numel = 1;
    for (std::size_t d = 0; d < size.size(); ++d) {
      if (size[d] < 0 || stride[d] < 0) fail("negative tensor size or stride");
      int64_t reach = 0;
      if (__builtin_mul_overflow(numel, size[d], &numel) ||
          (size[d] > 0 && (__builtin_mul_overflow(size[d] - 1, stride[d], &reach) ||
                           __builtin_add_overflow(last, reach, &last))))
        fail("tensor size or stride too large");
    }
    if (offset < 0 || (numel > 0 && last >= storage.numel()))
      fail("tensor extends past its storage");
    return make_tensor(storage.as_strided(size, stride, offset));
  }

  PickleValue reduce(const PickleValue& callable, const PickleValue& args) {
    if (callable.kind != Kind::Opaque) fail("call of a non-global");
    const auto& fn = *callable.opaque;
    if (args.kind != Kind::Tuple) fail("call arguments are not a tuple");
    const PickleList& a = *args.items;
    if (fn.module == "torch._utils" && fn.name == "_rebuild_tensor_v2") return rebuild_tensor(a);
    if (fn.module == "torch._utils" && fn.name == "_rebuild_parameter") {
      if (a.empty() || a[0].kind != Kind::Tensor) fail("malformed _rebuild_parameter arguments");
      return a[0];
    }
    if (fn.module == "collections" && fn.name == "OrderedDict") {
      PickleValue d = make_dict();
      if (!a.empty() && a[0].kind == Kind::List)  // OrderedDict([(k, v), ...])
        for (const auto& kv : *a[0].items)
          if (kv.kind == Kind::Tuple && kv.items->size() == 2)
            d.dict->emplace_back((*kv.items)[0], (*kv.items)[1]);
      return d;
    }
    if (fn.module == "_codecs" && fn.name == "encode" && !a.empty() && a[0].kind == Kind::String)
      return make_string(latin1(a[0].s), Kind::Bytes);
    if (is_dangerous_module(fn.module))
      fail(fmt::format("refusing to call {}.{}: this file asks to run code", fn.module, fn.name));
    return make_opaque(fn.module, fn.name);  // a class instance we keep opaque
  }

  // UTF-8 text whose code points are all < 256 -> those bytes.
  static std::string latin1(const std::string& utf8) {
    std::string out;
    for (std::size_t i = 0; i < utf8.size(); ++i) {
      auto c = static_cast<uint8_t>(utf8[i]);
      if (c < 0x80 || i + 1 >= utf8.size()) {
        out.push_back(static_cast<char>(c));
      } else {
        out.push_back(static_cast<char>(((c & 0x1f) << 6) | (utf8[++i] & 0x3f)));
      }
    }
    return out;
  }

  const std::string& data_;
  const std::string& name_;
  const std::function<std::string(const std::string&)>& storage_;
  std::size_t pos_ = 0;
  std::vector<PickleValue> stack_;
  std::vector<std::size_t> marks_;
  std::unordered_map<uint64_t, PickleValue> memo_;
  std::unordered_map<std::string, torch::Tensor> storages_;
};

std::string record_string(caffe2::serialize::PyTorchStreamReader& reader, const std::string& name) {
  auto [ptr, size] = reader.getRecord(name);
  return std::string(static_cast<const char*>(ptr.get()), size);
}

}  // namespace

PickleValue unpickle(const std::string& pickle, const std::string& name,
                     const std::function<std::string(const std::string& key)>& storage) {
  return Unpickler(pickle, name, storage).run();
}

PickleValue load_torch_pickle(const fs::path& path) {
  const std::string name = path.string();
  {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(name, 0, "cannot open for reading");
    char magic[4] = {};
    in.read(magic, 4);
    if (in.gcount() == 4 && static_cast<uint8_t>(magic[0]) == 0x80)
      throw InputError(name, 0,
                       "legacy (pre-zip) torch file; re-save it with a newer torch: "
                       "torch.save(torch.load(f), f)");
    if (in.gcount() < 4 || std::memcmp(magic, "PK\x03\x04", 4) != 0)
      throw InputError(name, 0, "not a torch zip file (nor safetensors)");
  }
  try {
    caffe2::serialize::PyTorchStreamReader reader(name);
    if (!reader.hasRecord("data.pkl")) throw InputError(name, 0, "torch zip without data.pkl");
    std::string pickle = record_string(reader, "data.pkl");
    return unpickle(pickle, name, [&](const std::string& key) {
      std::string record = "data/" + key;
      if (!reader.hasRecord(record)) throw InputError(name, 0, "missing storage record " + record);
      return record_string(reader, record);
    });
  } catch (const c10::Error& e) {
    std::string what = e.what_without_backtrace();
    throw InputError(name, 0, "unreadable torch zip: " + what.substr(0, what.find('\n')));
  }
}

namespace {
bool is_state_dict(const PickleValue& v) {
  if (v.kind != Kind::Dict || v.dict->empty()) return false;
  for (const auto& [k, t] : *v.dict)
    if (k.kind != Kind::String || t.kind != Kind::Tensor) return false;
  return true;
}
}  // namespace

ParamSet load_torch_state_dict(const fs::path& path, const std::string& entry) {
  PickleValue top = load_torch_pickle(path);
  const PickleValue* dict = &top;
  if (!is_state_dict(top)) {
    dict = top.find(entry);
    if (!dict)
      throw InputError(
          path.string(), 0,
          fmt::format("neither a state dict nor a checkpoint with an '{}' entry", entry));
    if (!is_state_dict(*dict))
      throw InputError(path.string(), 0, fmt::format("entry '{}' is not a state dict", entry));
  }
  ParamSet out;
  for (const auto& [k, t] : *dict->dict) out.set(k.s, t.tensor.clone(at::MemoryFormat::Contiguous));
  return out;
}

}  // namespace mcplm
