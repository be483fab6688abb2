# The libraries mcplm builds on, other than LibTorch: the targets
# CLI11::CLI11, nlohmann_json::nlohmann_json, ${MCPLM_FMT} (fmt), mcplm::pcre2,
# SENTENCEPIECE_LIBRARY and SENTENCEPIECE_INCLUDE_DIR, with MCPLM_TENSORBOARD
# protobuf::libprotobuf, protobuf_generate() and PkgConfig::ISAL, and, for the
# tests, mcplm_find_gtest() -> GTest::gtest_main.
#
# By default they come from the system (Debian: libcli11-dev, nlohmann-json3-dev,
# libfmt-dev, libpcre2-dev, libsentencepiece-dev, libgtest-dev). With
# -DMCPLM_DEPS_PREFIX=DIR they come from DIR alone, a folder that
# scripts/device_deps.sh fills on a Debian machine, for a machine without those
# packages (a GPU machine with only a PyTorch install):
#   DIR/include   CLI/, nlohmann/, fmt/, sentencepiece_processor.h, pcre2.h
#   DIR/lib       libsentencepiece.so*, libpcre2-8.a
#   DIR/src/googletest   googletest's sources, built here
# fmt is then used header-only and googletest is built with LibTorch's flags,
# so both follow LibTorch's C++ ABI.

set(MCPLM_DEPS_PREFIX "" CACHE PATH
    "folder with the dependencies other than LibTorch (scripts/device_deps.sh); empty: the system's")

# -D_GLIBCXX_USE_CXX11_ABI=0|1 and the like, which everything linked with
# LibTorch must share.
separate_arguments(MCPLM_TORCH_CXX_FLAGS UNIX_COMMAND "${TORCH_CXX_FLAGS}")
set(MCPLM_TORCH_OLD_ABI OFF)
if(TORCH_CXX_FLAGS MATCHES "_GLIBCXX_USE_CXX11_ABI=0")
  set(MCPLM_TORCH_OLD_ABI ON)
endif()

if(MCPLM_DEPS_PREFIX)
  get_filename_component(MCPLM_DEPS_PREFIX "${MCPLM_DEPS_PREFIX}" ABSOLUTE
                         BASE_DIR "${CMAKE_SOURCE_DIR}")
  message(STATUS "mcplm: dependencies from ${MCPLM_DEPS_PREFIX}")
  set(deps_include "${MCPLM_DEPS_PREFIX}/include")
  foreach(header CLI/CLI.hpp nlohmann/json.hpp fmt/format.h)
    if(NOT EXISTS "${deps_include}/${header}")
      message(FATAL_ERROR "${deps_include}/${header} is missing: run scripts/device_deps.sh")
    endif()
  endforeach()
  # Plain (not system) include directories: searched before LibTorch's, so the
  # carried headers win over any copy elsewhere.
  add_library(mcplm_deps_headers INTERFACE)
  target_include_directories(mcplm_deps_headers INTERFACE "${deps_include}")
  add_library(CLI11::CLI11 ALIAS mcplm_deps_headers)
  add_library(nlohmann_json::nlohmann_json ALIAS mcplm_deps_headers)
  add_library(mcplm_deps_fmt INTERFACE)
  target_link_libraries(mcplm_deps_fmt INTERFACE mcplm_deps_headers)
  target_compile_definitions(mcplm_deps_fmt INTERFACE FMT_HEADER_ONLY=1)
  set(MCPLM_FMT mcplm_deps_fmt)

  find_path(PCRE2_INCLUDE_DIR pcre2.h PATHS "${deps_include}" NO_DEFAULT_PATH REQUIRED)
  find_library(PCRE2_LIBRARY NAMES libpcre2-8.a pcre2-8 PATHS "${MCPLM_DEPS_PREFIX}/lib"
               NO_DEFAULT_PATH REQUIRED)
  find_library(SENTENCEPIECE_LIBRARY sentencepiece PATHS "${MCPLM_DEPS_PREFIX}/lib"
               NO_DEFAULT_PATH REQUIRED)
  find_path(SENTENCEPIECE_INCLUDE_DIR sentencepiece_processor.h PATHS "${deps_include}"
            NO_DEFAULT_PATH REQUIRED)
  set(MCPLM_GTEST_SOURCE_DIR "${MCPLM_DEPS_PREFIX}/src/googletest")
else()
  find_package(CLI11 CONFIG REQUIRED)
  find_package(nlohmann_json CONFIG REQUIRED)
  find_package(fmt REQUIRED)
  set(MCPLM_FMT fmt::fmt)
  if(MCPLM_TORCH_OLD_ABI)
    # libfmt.so uses the new std::string ABI; header-only fmt follows LibTorch's.
    set(MCPLM_FMT fmt::fmt-header-only)
  endif()
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(PCRE2 REQUIRED IMPORTED_TARGET libpcre2-8)
  find_library(SENTENCEPIECE_LIBRARY sentencepiece REQUIRED)
  find_path(SENTENCEPIECE_INCLUDE_DIR sentencepiece_processor.h REQUIRED)
  # The system's GoogleTest library uses the new ABI: with a LibTorch on the
  # old one, build Debian's googletest sources instead.
  if(MCPLM_TORCH_OLD_ABI AND EXISTS /usr/src/googletest/CMakeLists.txt)
    set(MCPLM_GTEST_SOURCE_DIR /usr/src/googletest)
  endif()
endif()

# TensorBoard event files (report/event_file) need protocol buffers, the
# compiler and the runtime (protobuf-compiler, libprotobuf-dev: 3.21, the
# runtime Debian's LibTorch links too, so the process holds one), and ISA-L's
# CRC32C (libisal-dev; Debian 12 has no libcrc32c). Off by default where
# those would not match LibTorch: with a dependency folder (a PyTorch
# install, whose LibTorch carries its own protobuf) or the old C++ ABI
# (Debian's libprotobuf uses the new one). Off, --tensorboard is refused.
set(MCPLM_TENSORBOARD_DEFAULT ON)
if(MCPLM_DEPS_PREFIX OR MCPLM_TORCH_OLD_ABI)
  set(MCPLM_TENSORBOARD_DEFAULT OFF)
endif()
option(MCPLM_TENSORBOARD "Write TensorBoard event files (needs protobuf and ISA-L)"
       ${MCPLM_TENSORBOARD_DEFAULT})
if(MCPLM_TENSORBOARD)
  find_package(Protobuf REQUIRED)
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(ISAL REQUIRED IMPORTED_TARGET libisal)
endif()

add_library(mcplm::pcre2 INTERFACE IMPORTED)
if(MCPLM_DEPS_PREFIX)
  target_link_libraries(mcplm::pcre2 INTERFACE mcplm_deps_headers "${PCRE2_LIBRARY}")
else()
  target_link_libraries(mcplm::pcre2 INTERFACE PkgConfig::PCRE2)
endif()

# GTest::gtest_main for the tests: googletest built from MCPLM_GTEST_SOURCE_DIR
# when set, else the system's.
macro(mcplm_find_gtest)
  if(MCPLM_GTEST_SOURCE_DIR)
    set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
    set(BUILD_GMOCK OFF CACHE BOOL "" FORCE)
    add_subdirectory("${MCPLM_GTEST_SOURCE_DIR}" "${CMAKE_BINARY_DIR}/googletest" EXCLUDE_FROM_ALL)
    foreach(target gtest gtest_main)
      target_compile_options(${target} PRIVATE ${MCPLM_TORCH_CXX_FLAGS})
    endforeach()
    if(NOT TARGET GTest::gtest_main)  # googletest 1.11+ names it so itself
      add_library(GTest::gtest_main ALIAS gtest_main)
    endif()
  else()
    find_package(GTest REQUIRED)
  endif()
endmacro()
