// Files the command-line suites (test_cli_*.cpp) hand to the real `thetalab` binary and read
// back: its input, its CSVs and what it printed.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace theta::test {

/// The whole file, byte for byte ("" when it cannot be read, which the caller's CHECK shows).
inline std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// A file in the temp dir, unique per test process (suites may run side by side), holding
/// `text` when one is given; removed by the destructor.
struct TempFile {
    std::string path;
    explicit TempFile(const std::string& name, const std::string& text = "")
        : path("/tmp/thetalab-test-" + std::to_string(getpid()) + "-" + name) {
        if (!text.empty()) std::ofstream(path, std::ios::binary) << text;
    }
    ~TempFile() { std::remove(path.c_str()); }
};

}  // namespace theta::test
