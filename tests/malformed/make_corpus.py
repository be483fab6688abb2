#!/usr/bin/env python3
"""Writes the malformed-input corpus and its manifest (run from anywhere).

Each case is one bad input (or bad command line) and the one-line error mcplm
must give for it: exit code 2, `mcplm: error: <expected>` on stderr. In the
manifest, @M@ is this directory, @OUT@ a fresh empty output directory (which
must stay empty), @FIX@ tests/fixtures and @TOY@ data/toy.
"""
import io, json, os, shutil, struct, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = []  # (name, args, expected)


def write(rel, data):
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)
    return "@M@/" + rel


def case(name, args, expected):
    CASES.append((name, args, expected))


# --- safetensors (read by `dist`) -------------------------------------------
def st(header, data=b"", raw_len=None):
    h = header if isinstance(header, bytes) else json.dumps(header).encode()
    n = len(h) if raw_len is None else raw_len
    return struct.pack("<Q", n) + h + data


F32x2 = {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}
SAFETENSORS = [
    ("empty", b"", "not a safetensors file: shorter than 8 bytes"),
    ("short", b"\x05\x00\x00", "not a safetensors file: shorter than 8 bytes"),
    ("huge_header", st(b"{}", raw_len=1 << 40), "header length 1099511627776 is too large"),
    ("truncated_header", st(b'{"a": {"dtype"', raw_len=64), "header length 64 runs past the end"),
    ("bad_json", st(b'{"a": [1, 2'), "header is not valid JSON"),
    ("header_array", st([1, 2]), "header is not a JSON object"),
    ("metadata_list", st({"__metadata__": [1]}), "__metadata__ is not an object"),
    ("metadata_number", st({"__metadata__": {"k": 3}}), "__metadata__ value of 'k' is not a string"),
    ("entry_string", st({"w": "x"}), "tensor 'w': entry is not an object"),
    ("no_dtype", st({"w": {"shape": [2], "data_offsets": [0, 8]}}, bytes(8)), "tensor 'w': missing dtype"),
    ("unknown_dtype", st({"w": {"dtype": "F8_E4M3", "shape": [2], "data_offsets": [0, 2]}}, bytes(2)),
     "tensor 'w': unknown dtype F8_E4M3"),
    ("no_shape", st({"w": {"dtype": "F32", "data_offsets": [0, 8]}}, bytes(8)), "tensor 'w': missing shape"),
    ("negative_offset", st({"w": {"dtype": "F32", "shape": [2], "data_offsets": [-8, 0]}}, bytes(8)),
     "tensor 'w': data_offsets must be two non-negative integers"),
    ("negative_dim", st({"w": {"dtype": "F32", "shape": [-2], "data_offsets": [0, 8]}}, bytes(8)),
     "tensor 'w': shape entries must be non-negative integers"),
    ("huge_shape", st({"w": {"dtype": "F32", "shape": [1 << 62, 1 << 62], "data_offsets": [0, 8]}}, bytes(8)),
     "tensor 'w': shape too large"),
    ("offsets_reversed", st({"w": {"dtype": "F32", "shape": [0], "data_offsets": [8, 0]}}, bytes(8)),
     "tensor 'w': data_offsets begin after end"),
    ("truncated_data", st({"w": F32x2}, bytes(5)), "tensor 'w': data_offsets end 8 past the data area (5 bytes)"),
    ("wrong_size", st({"w": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}, bytes(8)),
     "tensor 'w': 8 bytes for shape [3] of F32 (expected 12)"),
    ("overlap", st({"a": F32x2, "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}}, bytes(12)),
     "tensors 'a' and 'b' overlap in the data area"),
]
for name, data, expected in SAFETENSORS:
    path = write(f"safetensors/{name}.safetensors", data)
    case(f"safetensors_{name}", f"dist --input1 '{path}' --input2 '{path}' --output '@OUT@'",
         f"{path}: {expected}")
case("safetensors_missing", "dist --input1 '@M@/safetensors/absent.safetensors' --input2 '@M@/safetensors/absent.safetensors'",
     "@M@/safetensors/absent.safetensors: no such file or directory")
path = write("shards/model.safetensors.index.json", json.dumps({"metadata": {}}))
case("shard_index_without_weight_map", f"dist --input1 '{path}' --input2 '{path}'",
     f"{path}: not a shard index (no weight_map object)")

# --- torch files (read by `dist`) -------------------------------------------
def torch_zip(records):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for name, data in records.items():
            z.writestr(zipfile.ZipInfo("archive/" + name, date_time=(1980, 1, 1, 0, 0, 0)), data)
    return buf.getvalue()


def pickle_of(body):  # protocol 2 header + body + STOP
    return b"\x80\x02" + body + b"."


def global_op(module, name):
    return b"c" + module.encode() + b"\n" + name.encode() + b"\n"


def call(module, name, arg):  # module.name(arg) with one string argument
    s = arg.encode()
    return global_op(module, name) + b"X" + struct.pack("<I", len(s)) + s + b"\x85R"


def tensor_pickle(numel_key="0", size=(2,), stride=(1,), offset=0):
    pid = (b"(X\x07\x00\x00\x00storage" + global_op("torch", "FloatStorage") +
           b"X" + struct.pack("<I", len(numel_key)) + numel_key.encode() + b"X\x03\x00\x00\x00cpuK\x02tQ")
    ints = lambda t: b"(" + b"".join(b"K" + bytes([v]) for v in t) + b"t"
    return (b"}X\x01\x00\x00\x00w" + global_op("torch._utils", "_rebuild_tensor_v2") + b"(" + pid +
            b"K" + bytes([offset]) + ints(size) + ints(stride) + b"\x89" + global_op("collections", "OrderedDict") +
            b")RtRs")


TORCH = [
    ("legacy.pt", pickle_of(b"}"), "legacy (pre-zip) torch file"),
    ("text.bin", b"this is not a checkpoint\n", "not a torch zip file (nor safetensors)"),
    ("truncated.pt", torch_zip({"data.pkl": pickle_of(b"}"), "version": b"3\n"})[:60], "unreadable torch zip"),
    ("no_data_pkl.pt", torch_zip({"version": b"3\n"}), "torch zip without data.pkl"),
    ("bad_opcode.pt", torch_zip({"data.pkl": b"\x80\x02\xfe.", "version": b"3\n"}),
     "bad pickle: unsupported pickle opcode 0xfe at byte 2"),
    ("unterminated.pt", torch_zip({"data.pkl": b"\x80\x02}X\x10\x00\x00\x00ab", "version": b"3\n"}),
     "bad pickle: string runs past the end of data"),
    ("missing_storage.pt", torch_zip({"data.pkl": pickle_of(tensor_pickle()), "version": b"3\n"}),
     "missing storage record data/0"),
    ("past_storage.pt", torch_zip({"data.pkl": pickle_of(tensor_pickle(size=(9,))), "data/0": bytes(8),
                                   "version": b"3\n"}), "bad pickle: tensor extends past its storage"),
    ("os_system.pt", torch_zip({"data.pkl": pickle_of(call("os", "system", "touch /tmp/mcplm-malformed-ran")),
                                "version": b"3\n"}), "bad pickle: refusing to call os.system"),
    ("builtins_eval.pt", torch_zip({"data.pkl": pickle_of(call("builtins", "eval", "print(1)")),
                                    "version": b"3\n"}), "bad pickle: refusing to call builtins.eval"),
    ("list.pt", torch_zip({"data.pkl": pickle_of(b"]"), "version": b"3\n"}),
     "neither a state dict nor a checkpoint with an 'adapter' entry"),
]
for name, data, expected in TORCH:
    path = write(f"torch/{name}", data)
    case("torch_" + name.replace(".", "_"), f"dist --type adapter --input1 '{path}' --input2 '{path}' --output '@OUT@'",
         f"{path}: {expected}")

# --- config.json ------------------------------------------------------------
T5 = {"d_model": 16, "d_kv": 4, "d_ff": 32, "num_layers": 1, "num_heads": 4}
def t5(**changes):
    c = dict(T5)
    for k, v in changes.items():
        if v is None:
            c.pop(k)
        else:
            c[k] = v
    return json.dumps(c)

T5_CONFIGS = [
    ("not_json", "{\"d_model\": 16,", "not a JSON object"),
    ("array", "[1, 2]", "not a JSON object"),
    ("missing_d_model", t5(d_model=None), "config key 'd_model' is missing"),
    ("d_model_string", t5(d_model="16"), "config key 'd_model' has the wrong type"),
    ("zero_heads", t5(num_heads=0), "config key 'num_heads' must be positive"),
    ("bad_activation", t5(feed_forward_proj="gated-mish"), "feed_forward_proj 'gated-mish' is not supported"),
    ("dropout_one", t5(dropout_rate=1.0), "config key 'dropout_rate' must be in [0, 1)"),
    ("vocab_size_string", t5(vocab_size="many"), "config key 'vocab_size' has the wrong type"),
]
for name, text, expected in T5_CONFIGS:
    path = write(f"config/t5_{name}.json", text)
    case(f"t5_config_{name}", f"init --family t5 --config '{path}' --tokenizer '@TOY@/tokenizer' --out '@OUT@/model'",
         f"{path}: {expected}")
case("t5_config_missing", "init --family t5 --config '@M@/config/absent.json' --tokenizer '@TOY@/tokenizer' --out '@OUT@/model'",
     "@M@/config/absent.json")

# config.json of a model directory (read by `tune` to tell T5 from RoBERTa).
MODEL_DIRS = [
    ("model_type_number", {"model_type": 5}, "model_type is not a string"),
    ("model_type_bert", {"model_type": "bert"}, "model_type 'bert' is not supported"),
    ("config_not_json", b"{\"model_type\": ", "not a JSON object"),
    ("t5_missing_num_heads", dict(json.loads(t5(num_heads=None)), model_type="t5", vocab_size=100),
     "config key 'num_heads' is missing"),
]
for name, config, expected in MODEL_DIRS:
    path = write(f"models/{name}/config.json", config if isinstance(config, bytes) else json.dumps(config))
    d = f"@M@/models/{name}"
    case(f"model_dir_{name}",
         f"tune --model '{d}' --task-dir '@TOY@/toy-sentiment' --output-dir '@OUT@/sweep' --metric ACC "
         "--method model --lr 1e-3 --bsz 2 --train-iters 1",
         f"{path}: {expected}")
case("model_dir_without_config",
     "tune --model '@M@/tasks' --task-dir '@TOY@/toy-sentiment' --output-dir '@OUT@/sweep' --metric ACC "
     "--method model --lr 1e-3 --bsz 2 --train-iters 1",
     "@M@/tasks/config.json: no such file")

# Model directories whose config.json does not fit their weights or their
# tokenizer: the fixture's weights and spiece.model (linked), its config changed.
# Each must be refused before the model is allocated.
def link(rel, target):
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if os.path.lexists(path):
        os.remove(path)
    os.symlink(os.path.relpath(os.path.join(HERE, target), os.path.dirname(path)), path)


with open(os.path.join(HERE, "../fixtures/t5-tiny/config.json")) as f:
    T5_TINY = json.load(f)
T5_TINY_DIRS = [
    ("t5_decoder_start_out_of_range", {"decoder_start_token_id": 100000},
     "config key 'decoder_start_token_id' (100000) must be an id in [0, vocab_size 1104)"),
    ("t5_vocab_below_tokenizer", {"vocab_size": 100}, "vocab_size 100 is smaller than the tokenizer's"),
    ("t5_d_model_huge", {"d_model": 1000000000},
     "vocab_size and d_model give shared.weight the shape [1104, 1000000000], the weights hold [1104, 32]"),
    ("t5_layers_extra", {"num_layers": 3}, "num_layers is 3, the weights hold 2 encoder.block block(s)"),
]
for name, changes, expected in T5_TINY_DIRS:
    write(f"models/{name}/config.json", json.dumps(dict(T5_TINY, **changes)))
    for fname in ("model.safetensors", "spiece.model"):
        link(f"models/{name}/{fname}", f"../fixtures/t5-tiny/{fname}")
    d = f"@M@/models/{name}"
    case(f"model_dir_{name}",
         f"tune --model '{d}' --task-dir '@TOY@/toy-sentiment' --output-dir '@OUT@/sweep' --metric ACC "
         "--method model --lr 1e-3 --bsz 2 --train-iters 1",
         f"{d}/config.json: {expected}")
case("model_dir_t5_with_roberta_tokenizer",
     "tune --model '@FIX@/t5-tiny' --tokenizer '@FIX@/roberta-tiny' --task-dir '@TOY@/toy-sentiment' "
     "--output-dir '@OUT@/sweep' --metric ACC --method model --lr 1e-3 --bsz 2 --train-iters 1",
     "@FIX@/roberta-tiny: holds a byte-level BPE (RoBERTa) tokenizer, but @FIX@/t5-tiny is a t5 model "
     "(needs spiece.model)")

# --- task TSVs (read by `data check`) ---------------------------------------
GOOD = "premise: a [SEP] hypothesis: b\tneutral\n"
def task(name, train, dev=GOOD, test=GOOD):
    for split, text in (("train", train), ("dev", dev), ("test", test)):
        if text is not None:
            write(f"tasks/{name}/{name}_{split}.tsv", text)
    return f"@M@/tasks/{name}"

TASKS = [
    ("no-tab", GOOD + "premise: no tab at all\n", "no-tab_train.tsv:2: no tab"),
    ("empty-answer", GOOD + GOOD + "premise: c\t\n", "empty-answer_train.tsv:3: empty answer"),
    ("empty-input", "\tneutral\n", "empty-input_train.tsv:1: empty input"),
    ("empty-line", GOOD + "\n" + GOOD, "empty-line_train.tsv:2: empty line"),
    ("bad-utf8", GOOD + "premise: caf\xe9\tneutral\n", "bad-utf8_train.tsv:2: invalid UTF-8"),
    ("empty-file", "", "empty-file_train.tsv: no lines"),
    ("missing-file", None, "missing-file_train.tsv: missing file"),
]
for name, train, expected in TASKS:
    if name == "bad-utf8":
        d = f"@M@/tasks/{name}"
        write(f"tasks/{name}/{name}_train.tsv", (GOOD + "premise: caf").encode() + b"\xe9\tneutral\n")
        write(f"tasks/{name}/{name}_dev.tsv", GOOD)
        write(f"tasks/{name}/{name}_test.tsv", GOOD)
    else:
        d = task(name, train)
    case(f"task_{name}", f"data check --metric ACC '{d}'", f"{d}/{expected}")
d = task("train-is-dir", None)
write("tasks/train-is-dir/train-is-dir_train.tsv/README", "a directory where a task file should be\n")
case("task_train_is_dir", f"data check --metric ACC '{d}'",
     f"{d}/train-is-dir_train.tsv: is a directory, not a file")
d = task("unknown-task", GOOD)
case("task_unknown", f"data check '{d}'", "--metric")
case("task_not_a_dir", "data check '@M@/tasks/absent-task'", "@M@/tasks/absent-task: not a task directory")
d = task("no-tab-dev", GOOD, dev="premise: x\n")
case("task_tune_no_tab_dev",
     f"tune --model '@FIX@/t5-tiny' --task-dir '{d}' --output-dir '@OUT@/sweep' --metric ACC --method model "
     "--lr 1e-3 --bsz 2 --train-iters 1",
     f"{d}/no-tab-dev_dev.tsv:1: no tab")

# --- tokenizers (read by `tokenize`) ----------------------------------------
with open(os.path.join(HERE, "../fixtures/roberta-tiny/merges.txt"), "rb") as f:
    MERGES = f.read()
with open(os.path.join(HERE, "../fixtures/roberta-tiny/vocab.json"), "rb") as f:
    VOCAB = f.read()
TOKENIZERS = [
    ("vocab_not_json", {"vocab.json": b'{"a": 1,', "merges.txt": MERGES}, "vocab.json: not valid JSON"),
    ("vocab_array", {"vocab.json": b'["a", "b"]', "merges.txt": MERGES}, "vocab.json: not a JSON object of token -> id"),
    ("vocab_negative_id", {"vocab.json": b'{"a": -1}', "merges.txt": MERGES},
     "vocab.json: the id of token \"a\" is not an integer"),
    ("merges_three_tokens", {"vocab.json": VOCAB, "merges.txt": b"#version: 0.2\n\xc4\xa0 t\na b c\n"},
     "merges.txt:3: a merge is two tokens, this line has 3"),
    ("no_tokenizer", {"README": b"nothing here\n"}, "no tokenizer: needs spiece.model, or vocab.json and merges.txt"),
    ("spiece_garbage", {"spiece.model": b"\x0a\xff\xff\xff\xff\x0f garbage"}, "spiece.model: not a SentencePiece model"),
    ("spiece_empty", {"spiece.model": b""}, "spiece.model: not a SentencePiece model"),
    ("special_tokens_map_bad", {"vocab.json": VOCAB, "merges.txt": MERGES, "special_tokens_map.json": b"{"},
     "special_tokens_map.json: not valid JSON"),
]
# The model with which fuzz/fuzz_sentencepiece.cpp made SentencePiece read
# outside its normalization rules: the fixture's spiece.model with 9 bytes
# changed (a leaf's value in the normalization trie points past the strings).
with open(os.path.join(HERE, "../fixtures/t5-tiny/spiece.model"), "rb") as f:
    SPIECE = bytearray(f.read())
SPIECE[15322] = 0o61
SPIECE[147599:147607] = bytes([0o377, 0o377, 0o132, 0o212, 0o371, 0o377, 0o125, 0o250])
TOKENIZERS.append(("spiece_charsmap_out_of_bounds", {"spiece.model": bytes(SPIECE)},
                   "spiece.model: not a SentencePiece model (normalizer_spec.precompiled_charsmap is "
                   "corrupted: a normalization rule points outside the replacement strings (offset 117120))"))
TOKENIZERS.append(("spiece_dir", {"spiece.model/README": b"a directory where spiece.model should be\n"},
                   "spiece.model: is a directory, not a file"))
for name, files, expected in TOKENIZERS:
    for fname, data in files.items():
        write(f"tokenizers/{name}/{fname}", data)
    d = f"@M@/tokenizers/{name}"
    case(f"tokenizer_{name}", f"tokenize --model '{d}' --text hello", f"{d}/{expected}" if "/" not in expected and ":" in expected.split()[0] else f"{d}: {expected}")

# --- interpolation shards (read by `interpolate merge`) ----------------------
META = json.dumps({"task": "glue-rte", "metric": "ACC", "on_train": False, "points": 3})
POINT = json.dumps({"x": 0.0, "dev": {"performance": 0.5, "loss": 1.0, "scores": [0.5]}})
SHARDS = [
    ("meta_task_number", json.dumps({"task": 3, "metric": "ACC"}), POINT + "\n",
     "path.json: not an interpolation path description"),
    ("points_bad_json", META, POINT + "\n{\"x\": \n" + POINT + "\n", "points.jsonl:2: not valid JSON"),
    ("points_no_x", META, POINT + "\n" + json.dumps({"dev": {}}) + "\n", "points.jsonl:2: not a point record"),
]
for name, meta, points, expected in SHARDS:
    write(f"shards/{name}/path.json", meta)
    write(f"shards/{name}/points.jsonl", points)
    d = f"@M@/shards/{name}"
    case(f"merge_{name}", f"interpolate merge '{d}' --output-dir '@OUT@/merged'", f"{d}/{expected}")

# --- command lines ------------------------------------------------------------
CLI = [
    ("unknown_command", "frobnicate", "'frobnicate' is not an mcplm command"),
    ("unknown_flag", "dist --input1 a --input2 b --bogus", "--bogus"),
    ("missing_required", "dist --input1 a", "--input2"),
    ("not_a_number", "interpolate --ckpt1 a --ckpt2 b --task-dir t --output-dir '@OUT@' --points many", "many"),
    ("bad_family", "init --family gpt --config c --tokenizer t --out '@OUT@/m'", "gpt"),
    ("bad_split", "data check --metric ACC --split 3 '@TOY@/toy-sentiment'", "--split: 3 not in {1,2}"),
    ("bad_points_shard", "interpolate --model '@FIX@/t5-tiny' --ckpt1 a --ckpt2 b --task-dir t --output-dir '@OUT@' --points-shard 3/2",
     "--points-shard must be i/n"),
]
# Numeric options out of range: refused as parsed, the range in words.
TUNE = ("tune --model '@FIX@/t5-tiny' --task-dir '@TOY@/toy-sentiment' --output-dir '@OUT@/sweep' "
        "--metric ACC --train-iters 1")
RANGES = [
    ("bsz_zero", "--bsz 0", "must be an integer in [1, 65536] (got 0)"),
    ("bsz_huge", "--bsz 1000000000", "must be an integer in [1, 65536] (got 1000000000)"),
    ("predict_batch_size_zero", "--predict-batch-size 0", "must be an integer in [1, 65536] (got 0)"),
    ("adapter_size_negative", "--method adapter --adapter-size -3", "must be an integer in [1, 65536] (got -3)"),
    ("adapter_size_zero", "--method adapter --adapter-size 0", "must be an integer in [1, 65536] (got 0)"),
    ("r_std_negative", "--method adapter --r-std -1", "must be a finite number at least 0 (got -1)"),
    ("r_mean_nan", "--method adapter --r-mean nan", "must be a finite number (got nan)"),
    ("lr_nan", "--lr nan", "must be a finite number in (0, 10] (got nan)"),
    ("lr_inf", "--lr inf", "must be a finite number in (0, 10] (got inf)"),
    ("lr_negative", "--lr -1", "must be a finite number in (0, 10] (got -1)"),
    ("lr_huge", "--lr 1e30", "must be a finite number in (0, 10] (got 1e30)"),
    ("lr_second_of_list", "--lr 1e-3 0", "must be a finite number in (0, 10] (got 0)"),
    ("max_output_length_zero", "--max-output-length 0", "must be an integer >= 1 (got 0)"),
    ("max_input_length_negative", "--max-input-length -5", "must be an integer >= 1 (got -5)"),
    ("log_interval_zero", "--log-interval 0", "must be an integer >= 1 (got 0)"),
    ("warmup_negative", "--warmup-steps -1", "must be an integer >= 0 (got -1)"),
    ("grad_norm_nan", "--max-grad-norm nan", "must be a finite number at least 0 (got nan)"),
    ("train_iters_zero", "--train-iters 0", "must be an integer >= 1 (got 0)"),
    ("valid_interval_negative", "--valid-interval -2", "must be an integer >= 0 (got -2)"),
]
for name, flags, expected in RANGES:
    CLI.append((f"tune_{name}", f"{TUNE} {flags}", expected))
CLI.append(("interpolate_points_huge",
            "interpolate --model '@FIX@/t5-tiny' --ckpt1 a --ckpt2 b --task-dir t --output-dir '@OUT@' "
            "--do-valid --points 1000000000", "must be an integer in [2, 1001] (got 1000000000)"))
CLI.append(("interpolate_points_one",
            "interpolate --model '@FIX@/t5-tiny' --ckpt1 a --ckpt2 b --task-dir t --output-dir '@OUT@' "
            "--do-valid --points 1", "must be an integer in [2, 1001] (got 1)"))
CLI.append(("curve_bsz_zero",
            "curve --model '@FIX@/t5-tiny' --ckpt1 a --ckpt2 b --task-dir t --output-dir '@OUT@' --bsz 0",
            "must be an integer in [1, 65536] (got 0)"))
CLI.append(("dist_timeout_zero",
            "tune --model '@FIX@/t5-tiny' --task-dir t --output-dir '@OUT@/sweep' --dist-timeout 0",
            "must be a finite number greater than 0 (got 0)"))
for name, args, expected in CLI:
    case("cli_" + name, args, expected)

with open(os.path.join(HERE, "manifest.tsv"), "w") as f:
    f.write("# name\targuments of mcplm\texpected substring of the one stderr line (after 'mcplm: error: ')\n")
    for name, args, expected in CASES:
        assert "\t" not in args + expected and "\n" not in args + expected, name
        f.write(f"{name}\t{args}\t{expected}\n")
print(f"{len(CASES)} cases")
