// `mcplm --check-args ...`: parse and validate a command line, run nothing.
#include <filesystem>

#include "test_util.h"

namespace mcplm::test {
namespace {

TEST(CheckArgs, ValidCommandExitsZeroAndWritesNothing) {
  const auto dir = temp_dir("check_args_valid");
  const auto out = dir / "out";
  auto r = run_mcplm("--check-args tune --model " + (dir / "no-model").string() + " --task-dir " +
                     (dir / "no-task").string() + " --output-dir " + out.string() +
                     " --method adapter --lr 5e-5 --bsz 32 --train-iters 10");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "");
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(CheckArgs, UnknownFlagFailsNamingTheNearestFlag) {
  auto r = run_mcplm("--check-args tune --model m --task-dir t --output-dir o --sede 1");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("mcplm tune does not take '--sede' (did you mean --seed?)"),
            std::string::npos)
      << r.output;
  auto far = run_mcplm("--check-args tune --model m --task-dir t --output-dir o --zzzzzz 1");
  EXPECT_EQ(far.exit_code, 2) << far.output;
  EXPECT_NE(far.output.find("'--zzzzzz'"), std::string::npos) << far.output;
  EXPECT_EQ(far.output.find("did you mean"), std::string::npos) << far.output;
}

TEST(CheckArgs, MistypedCommandSuggestsTheNearestOne) {
  auto r = run_mcplm("interpolat --model m");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_EQ(r.output,
            "mcplm: error: 'interpolat' is not an mcplm command; did you mean 'interpolate'? "
            "(`mcplm --help` lists them)\n");
  auto global = run_mcplm("--threads 1 tnue");
  EXPECT_NE(global.output.find("did you mean 'tune'?"), std::string::npos) << global.output;
}

TEST(CheckArgs, BareMcplmPrintsTheUsage) {
  auto r = run_mcplm("");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("Usage:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("interpolate"), std::string::npos) << r.output;
}

// The original's command lines, spelled as in its scripts (tune_singletask.py
// of adapter_full_data.sh, task_interpolation.py of itp_diff_seed_adapter.sh).
TEST(CheckArgs, TheOriginalsFlagSpellingsRun) {
  auto tune = run_mcplm(
      "--check-args tune --task_dir data/superglue-record --do_train --do_predict "
      "--learning_rate_list 1e-2 --bsz_list 32 --train_iters 50000 --model m --tokenizer_path t "
      "--output_dir o --predict_batch_size 32 --tune_method adapter --valid_interval 5000 "
      "--output_interval 10000 --log_interval 2 --one_prefix --seed 20 --apply_adapter "
      "--adapter_type houlsby --adapter_size 12 --gradient_accumulation_steps 2");
  EXPECT_EQ(tune.exit_code, 0) << tune.output;
  auto interpolate = run_mcplm(
      "--check-args interpolate --task_dir d --model m --tokenizer_path t --output_dir o "
      "--tune_method adapter --apply_adapter --adapter_type houlsby --adapter_size 12 "
      "--do_valid --do_predict --predict_batch_size 32 --load_PET_path_1 a.pt "
      "--load_PET_path_2 b.pt --itpl_points 11 --one_prefix");
  EXPECT_EQ(interpolate.exit_code, 0) << interpolate.output;
  // A value is never rewritten, and a misspelt original flag still fails.
  EXPECT_EQ(run_mcplm("--check-args tune --task_dir d_1 --model m_1 --output_dir o_1").exit_code,
            0);
  EXPECT_EQ(run_mcplm("--check-args tune --task_dir d --model m --output_dir o --sed_ 1").exit_code,
            2);
}

TEST(CheckArgs, ValidatorsAndRequiredFlagsApply) {
  EXPECT_EQ(run_mcplm("--check-args tune --model m --task-dir t --output-dir o --method prefix")
                .exit_code,
            2);
  EXPECT_EQ(run_mcplm("--check-args split-tune --model m --task-dir t --output-dir o").exit_code,
            2);
  EXPECT_EQ(run_mcplm("--check-args dist --input1 a").exit_code, 2);
}

TEST(CheckArgs, LoraFlags) {
  const std::string tune = "--check-args tune --model m --task-dir t --output-dir o --method lora";
  EXPECT_EQ(run_mcplm(tune).exit_code, 0);
  EXPECT_EQ(run_mcplm(tune + " --lora-r 4 --lora-alpha 8 --lora-dropout 0.1").exit_code, 0);
  EXPECT_EQ(run_mcplm(tune + " --lora-r 0").exit_code, 2);
  EXPECT_EQ(run_mcplm(tune + " --lora-alpha -1").exit_code, 2);
  EXPECT_EQ(run_mcplm(tune + " --lora-dropout 1.5").exit_code, 2);
  for (const char* command : {"split-tune --split 1", "cartography"})
    EXPECT_EQ(run_mcplm(std::string("--check-args ") + command +
                        " --model m --task-dir t --output-dir o --method lora --lora-r 4")
                  .exit_code,
              0)
        << command;

  const std::string itp =
      "--check-args interpolate --model m --task-dir t --output-dir o --ckpt1 a --ckpt2 b "
      "--do-valid";
  EXPECT_EQ(run_mcplm(itp + " --lora-space merged --compare-factors").exit_code, 0);
  EXPECT_EQ(run_mcplm(itp + " --lora-space factors --lora-alpha 16").exit_code, 0);
  auto bad = run_mcplm(itp + " --lora-space both");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("--lora-space"), std::string::npos) << bad.output;
  EXPECT_EQ(run_mcplm(itp + " --lora-r 4").exit_code, 2);  // r comes from the checkpoints
  EXPECT_EQ(run_mcplm("--check-args plane --model m --task-dir t --output-dir o --ckpt1 a "
                      "--ckpt2 b --ckpt3 c --do-valid --lora-space merged")
                .exit_code,
            0);
  EXPECT_EQ(
      run_mcplm("--check-args dist --input1 a --input2 b --type lora --lora-alpha 8").exit_code, 0);
  EXPECT_EQ(run_mcplm("--check-args forward --model m --adapters a --inputs i --output o "
                      "--lora-alpha 8")
                .exit_code,
            0);
  EXPECT_EQ(run_mcplm("--check-args export --model m --checkpoint c --peft p").exit_code, 0);
  EXPECT_EQ(run_mcplm("--check-args export --model m --checkpoint c").exit_code, 2);
  EXPECT_EQ(run_mcplm("--check-args export --model m --checkpoint c --out o --peft p").exit_code,
            2);
}

TEST(CheckArgs, InterpolateChecksItsOwnRequiredFlags) {
  const std::string base = "--check-args interpolate --model m --task-dir t --output-dir o";
  auto missing = run_mcplm(base + " --ckpt1 a --do-valid");
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_NE(missing.output.find("--ckpt2"), std::string::npos) << missing.output;
  EXPECT_EQ(run_mcplm(base + " --ckpt1 a --ckpt2 b --points-shard 3/2").exit_code, 2);
  auto ok = run_mcplm(base + " --ckpt1 a --ckpt2 b --do-valid --points-shard 1/2");
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  auto merge = run_mcplm("--check-args interpolate merge s1 s2 --output-dir o");
  EXPECT_EQ(merge.exit_code, 0) << merge.output;
}

TEST(CheckArgs, CurveFlags) {
  const std::string curve = "--check-args curve --model m --task-dir t --output-dir o";
  EXPECT_EQ(run_mcplm(curve + " --ckpt1 a --ckpt2 b --kind polychain --bends 2").exit_code, 0);
  auto missing = run_mcplm(curve + " --ckpt1 a");
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_NE(missing.output.find("--ckpt2"), std::string::npos) << missing.output;
  EXPECT_EQ(run_mcplm(curve + " --ckpt1 a --ckpt2 b --kind spline").exit_code, 2);
  EXPECT_EQ(run_mcplm(curve + " --ckpt1 a --ckpt2 b --bends 0").exit_code, 2);
  EXPECT_EQ(run_mcplm(curve + " --ckpt1 a --ckpt2 b --init zeros").exit_code, 2);

  // interpolate --curve: the ends come from the curve file.
  const std::string itp = "--check-args interpolate --model m --task-dir t --output-dir o";
  EXPECT_EQ(run_mcplm(itp + " --curve c.safetensors --do-valid --compare-linear").exit_code, 0);
  auto linear = run_mcplm(itp + " --ckpt1 a --ckpt2 b --do-valid --compare-linear");
  EXPECT_EQ(linear.exit_code, 2) << linear.output;
  EXPECT_NE(linear.output.find("needs --curve"), std::string::npos) << linear.output;
}

TEST(CheckArgs, CartographyChecksItsRequiredFlagsAndRefusesIntervals) {
  auto missing = run_mcplm("--check-args cartography --task-dir t --output-dir o");
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_NE(missing.output.find("--model is required"), std::string::npos) << missing.output;
  const std::string carto = "--check-args cartography --model m --task-dir t --output-dir o";
  EXPECT_EQ(run_mcplm(carto + " --train-epochs 2").exit_code, 0);
  for (const char* flag : {" --valid-interval 50", " --output-interval 50"}) {
    auto r = run_mcplm(carto + flag);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("validates and saves once"), std::string::npos) << r.output;
  }
  auto analyze = run_mcplm(
      "--check-args cartography analyze --cartography c.json --analysis a.json --output r.txt");
  EXPECT_EQ(analyze.exit_code, 0) << analyze.output;
}

TEST(CheckArgs, ClosedSetsAreCheckedAsTheyAreParsed) {
  const std::string itp =
      "--check-args interpolate --model m --task-dir t --output-dir o --ckpt1 a --ckpt2 b "
      "--do-valid";
  auto head = run_mcplm(itp + " --head-from 3");
  EXPECT_EQ(head.exit_code, 2) << head.output;
  EXPECT_NE(head.output.find("--head-from: 3 not in {auto,1,2}"), std::string::npos) << head.output;
  auto optimizer =
      run_mcplm("--check-args tune --model m --task-dir t --output-dir o --optimizer sgd");
  EXPECT_EQ(optimizer.exit_code, 2) << optimizer.output;
  EXPECT_NE(optimizer.output.find("--optimizer: sgd not in"), std::string::npos)
      << optimizer.output;
  auto family = run_mcplm("--check-args init --family bert --config c --tokenizer t --out o");
  EXPECT_EQ(family.exit_code, 2) << family.output;
  EXPECT_EQ(
      run_mcplm("--check-args init --family roberta --config c --tokenizer t --out o").exit_code,
      0);
}

}  // namespace
}  // namespace mcplm::test
