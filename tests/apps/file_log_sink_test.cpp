// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "file_log_sink.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "app_files.hpp"
#include "stderr_log_sink.hpp"
#include "support/catch.hpp"

namespace {

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / (name + "." + std::to_string(::getpid())))
      .string();
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("format_log_line: level, component and message, timestamp optional", "[apps][log]") {
  using soss::log::Level;
  CHECK(soss::apps::format_log_line(Level::kInfo, "service", "up", false) == "info  service: up\n");
  std::string stamped = soss::apps::format_log_line(Level::kError, "net", "down", true);
  // "2026-11-24T02:00:00.123Z error net: down\n"
  REQUIRE(stamped.size() == 25 + std::string("error net: down\n").size());
  CHECK(stamped[10] == 'T');
  CHECK(stamped[23] == 'Z');
  CHECK(stamped.substr(25) == "error net: down\n");
}

TEST_CASE("FileLogSink appends flushed lines, across reopenings", "[apps][log]") {
  std::string path = temp_path("soss_file_log_sink_test.log");
  std::filesystem::remove(path);
  {
    soss::apps::FileLogSink sink;
    REQUIRE(sink.open(path).is_ok());
    sink.write(soss::log::Level::kInfo, "service", "first");
    CHECK(slurp(path).find("info  service: first\n") != std::string::npos);  // flushed at once
  }
  {
    soss::apps::FileLogSink sink;
    REQUIRE(sink.open(path).is_ok());
    sink.write(soss::log::Level::kWarn, "service", "second");
  }
  std::string text = slurp(path);
  CHECK(text.find("first") < text.find("second"));
  std::filesystem::remove(path);
}

TEST_CASE("FileLogSink: a folder that does not exist is a config error", "[apps][log]") {
  soss::apps::FileLogSink sink;
  soss::Status s = sink.open("/nonexistent-soss-folder/x.log");
  CHECK(s.code() == soss::StatusCode::kConfigError);
  sink.write(soss::log::Level::kInfo, "service", "dropped");  // no file: nothing, no crash
}

TEST_CASE("executable_dir is the folder of the running program", "[apps][files]") {
  std::filesystem::path dir = soss::apps::executable_dir();
  CHECK(dir.is_absolute());
  CHECK(std::filesystem::is_directory(dir));
}
