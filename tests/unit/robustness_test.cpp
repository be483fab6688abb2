// Issue 25's pieces below the commands: NaN through JSON records, CSV
// quoting, the directory lock, why a file cannot be written.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "mcplm/connect/path_analysis.h"
#include "mcplm/connect/path_record.h"
#include "mcplm/core/error.h"
#include "mcplm/io/atomic_file.h"
#include "mcplm/io/directory_lock.h"
#include "mcplm/report/csv_field.h"
#include "test_util.h"

using namespace mcplm;
namespace fs = std::filesystem;

TEST(PointRecordJson, ANonFiniteLossIsWrittenAsNullAndReadBackAsNan) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  PointRecord p{0.5, SplitEval{0.25, nan, {1.0, nan}}, std::nullopt};
  const nlohmann::json j = to_json(p);
  EXPECT_TRUE(j["dev"]["loss"].is_null()) << j.dump();
  EXPECT_EQ(j.dump().find("NaN"), std::string::npos);
  const PointRecord back = point_from_json(nlohmann::json::parse(j.dump()), "points.jsonl", 1);
  EXPECT_TRUE(std::isnan(back.dev->loss));
  EXPECT_EQ(back.dev->performance, 0.25);
  EXPECT_TRUE(std::isnan(back.dev->scores[1]));
  // result.csv says nan, and leaves the split that was not evaluated empty.
  const std::string csv = result_csv({back}, {"toy", "ACC", false});
  EXPECT_EQ(csv,
            "prefix,metric,x,dev_performance,dev_loss,test_performance,test_loss\n"
            "toy,ACC,0.5000,0.2500,nan,,\n"
            "average,ACC,0.5000,0.2500,nan,,\n");
}

TEST(CsvField, QuotesCommasQuotesAndLineBreaks) {
  EXPECT_EQ(csv_field("glue-rte"), "glue-rte");
  EXPECT_EQ(csv_field("a,b\"c"), "\"a,b\"\"c\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_NE(result_csv({PointRecord{0, SplitEval{1, 1, {}}, std::nullopt}}, {"a,b", "ACC", false})
                .find("\n\"a,b\",ACC,"),
            std::string::npos);
}

TEST(DirectoryLock, ASecondWriterIsRefusedUntilTheFirstLetsGo) {
  const fs::path dir = test::temp_dir("lock") / "run";
  {
    DirectoryLock first(dir, DirectoryLock::Mode::Refuse, "a test run");
    try {
      DirectoryLock second(dir, DirectoryLock::Mode::Refuse, "a test run");
      FAIL() << "a second lock was granted";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("another mcplm process is writing a test run"),
                std::string::npos)
          << e.what();
    }
  }
  DirectoryLock again(dir, DirectoryLock::Mode::Refuse, "a test run");
  EXPECT_TRUE(fs::is_directory(dir));
  EXPECT_TRUE(fs::is_empty(dir));  // the lock leaves no file
}

TEST(AtomicFile, AFailedWriteSaysWhy) {
  try {
    write_text_atomically("/nonexistent-mcplm-dir/x.txt", "x");
    FAIL() << "wrote into a missing directory";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot open for writing: No such file or directory"),
              std::string::npos)
        << e.what();
  }
}

TEST(ReadFile, AFifoOrADirectoryIsRefusedWithoutReading) {
  const fs::path dir = test::temp_dir("not-regular");
  EXPECT_THROW(require_regular_file(dir), InputError);
  EXPECT_THROW(require_regular_file(dir / "absent"), InputError);
  try {
    read_file_bytes(dir);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("is a directory, not a file"), std::string::npos);
  }
}
