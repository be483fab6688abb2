// A small well-formedness check of XML documents (the SVGs mcplm writes), so
// that a test needs no XML library: nested and matching tags, quoted and
// unique attributes, known entities, one root element. Not a validator.
#pragma once
#include <cctype>
#include <set>
#include <string>
#include <vector>

namespace mcplm::test {

namespace xml_detail {

inline bool name_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':';
}
inline bool name_char(char c) {
  return name_start(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.';
}

// A character or entity reference at `at` ('&'): its length, 0 when it is none.
inline std::size_t entity_length(const std::string& doc, std::size_t at) {
  const std::size_t end = doc.find(';', at);
  if (end == std::string::npos || end - at > 10) return 0;
  const std::string name = doc.substr(at + 1, end - at - 1);
  static const std::set<std::string> known{"amp", "lt", "gt", "quot", "apos"};
  bool numeric = name.size() > 1 && name[0] == '#';
  for (std::size_t i = 1; numeric && i < name.size(); ++i)
    numeric = std::isxdigit(static_cast<unsigned char>(name[i])) || (i == 1 && name[i] == 'x');
  return known.count(name) || numeric ? end - at + 1 : 0;
}

}  // namespace xml_detail

// "" when `doc` is well-formed, else what is wrong and at which byte.
inline std::string xml_error(const std::string& doc) {
  using namespace xml_detail;
  std::vector<std::string> open;
  bool root_seen = false;
  std::size_t i = 0;
  auto fail = [&](const std::string& what) { return what + " at byte " + std::to_string(i); };
  auto read_name = [&] {
    const std::size_t start = i;
    if (i < doc.size() && name_start(doc[i]))
      while (i < doc.size() && name_char(doc[i])) ++i;
    return doc.substr(start, i - start);
  };
  auto skip_space = [&] {
    while (i < doc.size() && std::isspace(static_cast<unsigned char>(doc[i]))) ++i;
  };
  if (doc.compare(0, 5, "<?xml") == 0) {
    i = doc.find("?>");
    if (i == std::string::npos) return "unterminated XML declaration";
    i += 2;
  }
  while (i < doc.size()) {
    const char c = doc[i];
    if (c == '&') {
      const std::size_t n = entity_length(doc, i);
      if (n == 0) return fail("a bare '&'");
      i += n;
    } else if (c != '<') {
      if (open.empty() && !std::isspace(static_cast<unsigned char>(c)))
        return fail("text outside the root element");
      ++i;
    } else if (doc.compare(i, 4, "<!--") == 0) {
      i = doc.find("-->", i);
      if (i == std::string::npos) return "unterminated comment";
      i += 3;
    } else if (doc.compare(i, 2, "</") == 0) {
      i += 2;
      const std::string name = read_name();
      skip_space();
      if (i >= doc.size() || doc[i] != '>') return fail("a malformed end tag");
      if (open.empty() || open.back() != name)
        return fail("</" + name + "> closes " +
                    (open.empty() ? "nothing" : "<" + open.back() + ">"));
      open.pop_back();
      ++i;
    } else {
      ++i;
      const std::string name = read_name();
      if (name.empty()) return fail("a '<' that starts no tag");
      if (open.empty() && root_seen) return fail("a second root element <" + name + ">");
      root_seen = true;
      std::set<std::string> attributes;
      while (true) {
        const std::size_t before = i;
        skip_space();
        if (i >= doc.size()) return fail("an unterminated tag <" + name + ">");
        if (doc[i] == '>' || doc.compare(i, 2, "/>") == 0) break;
        if (i == before) return fail("attributes without space between them in <" + name + ">");
        const std::string attribute = read_name();
        if (attribute.empty()) return fail("a malformed attribute in <" + name + ">");
        if (!attributes.insert(attribute).second)
          return fail("attribute " + attribute + " twice in <" + name + ">");
        skip_space();
        if (i >= doc.size() || doc[i] != '=') return fail("attribute " + attribute + " without =");
        ++i;
        skip_space();
        const char quote = i < doc.size() ? doc[i] : '\0';
        if (quote != '"' && quote != '\'') return fail("attribute " + attribute + " unquoted");
        for (++i; i < doc.size() && doc[i] != quote; ++i) {
          if (doc[i] == '<') return fail("'<' inside attribute " + attribute);
          if (doc[i] == '&' && entity_length(doc, i) == 0)
            return fail("a bare '&' inside attribute " + attribute);
        }
        if (i >= doc.size()) return fail("attribute " + attribute + " unterminated");
        ++i;
      }
      if (doc[i] == '>') {
        open.push_back(name);
        ++i;
      } else {
        i += 2;
      }
    }
  }
  if (!open.empty()) return "<" + open.back() + "> is never closed";
  if (!root_seen) return "no root element";
  return "";
}

}  // namespace mcplm::test
