#!/usr/bin/env python3
"""One interpolation point of a T5 model: mcplm beside Hugging Face transformers.

The point is the one `mcplm bench interpolate` times: theta1 is the model's
weights, theta2 = theta1 + N(0, 0.01^2) noise, and the point x = 0 forms
(1 - x) * theta1 + x * theta2, puts it into the model and evaluates a task
file: the loss of the targets (teacher forcing) and greedy decoding, batch by
batch in file order. transformers does the same with
T5ForConditionalGeneration and generate(), as the original code did, on the
same file, batch size and lengths. Both times are printed with their ratio, so
that the speed-up claimed in mcplm's README can be checked on your hardware
with any transformers version you have.

    python3 bench/compare_transformers.py --model pretrained_models/t5-v1_1-base \\
        --task-dir ../shared/data/glue-rte --split dev --limit 32

Needs torch, transformers and sentencepiece in the Python that runs it;
mcplm is run as a subprocess (--mcplm, default build/mcplm).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time


def parse_args():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--mcplm", default=os.path.join(here, "..", "build", "mcplm"),
                   help="the mcplm binary (default: build/mcplm)")
    p.add_argument("--model", required=True, help="T5 model directory (config.json + weights)")
    p.add_argument("--tokenizer", help="tokenizer directory (spiece.model); default: --model")
    p.add_argument("--task-dir", required=True, help="task directory (NAME_dev.tsv, NAME_test.tsv)")
    p.add_argument("--split", default="dev", choices=["dev", "test"], help="task file evaluated")
    p.add_argument("--limit", type=int, default=0, help="only the first N lines (0: all)")
    p.add_argument("--predict-batch-size", type=int, default=32)
    p.add_argument("--max-input-length", type=int, default=512)
    p.add_argument("--max-output-length", type=int, default=128)
    p.add_argument("--threads", type=int, default=os.cpu_count(), help="intra-op threads, both sides")
    p.add_argument("--device", default="cpu", help="cpu, cuda or cuda:N (both sides)")
    return p.parse_args()


def fail(message, code=2):
    print(f"compare_transformers: error: {message}", file=sys.stderr)
    sys.exit(code)


def task_name(task_dir):
    """The task directory's name: its files' prefix and the inputs' " [task] "."""
    return os.path.basename(os.path.normpath(task_dir))


def task_lines(task_dir, split, limit):
    """(input, first answer) per line of TASK_split.tsv, as mcplm reads them."""
    name = task_name(task_dir)
    path = os.path.join(task_dir, f"{name}_{split}.tsv")
    if not os.path.isfile(path):
        fail(f"{path}: missing file")
    rows = []
    with open(path, encoding="utf-8-sig") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            fields = line.split("\t")
            if len(fields) < 2:
                fail(f"{path}:{number}: expected input<TAB>output")
            rows.append((fields[0], fields[1:]))
            if limit and len(rows) == limit:
                break
    return path, rows


def run_mcplm(a):
    """mcplm's seconds, loss and metric for the point x = 0."""
    command = [a.mcplm, "--threads", str(a.threads), "bench", "interpolate", "--model", a.model,
               "--task-dir", a.task_dir, "--split", a.split, "--limit", str(a.limit),
               "--points", "2", "--predict-batch-size", str(a.predict_batch_size),
               "--max-input-length", str(a.max_input_length),
               "--max-output-length", str(a.max_output_length), "--device", a.device]
    if a.tokenizer:
        command += ["--tokenizer", a.tokenizer]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        fail(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}", 1)
    header = re.search(r"^\s*x\s+seconds\s+examples/s\s+loss\s+(\S+)", done.stdout, re.M)
    row = re.search(r"^\s*0\.000\s+([0-9.]+)\s+[0-9.]+\s+([0-9.naif-]+)\s+([0-9.naif-]+)",
                    done.stdout, re.M)
    if not header or not row:
        fail(f"cannot read mcplm's output:\n{done.stdout}", 1)
    return float(row.group(1)), float(row.group(2)), header.group(1), float(row.group(3))


def read_safetensors(torch, path):
    """{name: tensor} of a .safetensors file (8-byte header size, JSON header, data)."""
    dtypes = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
              "I64": torch.int64, "I32": torch.int32}
    with open(path, "rb") as f:
        size = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(size))
        data = bytearray(f.read())
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        flat = torch.frombuffer(data[start:end], dtype=dtypes[entry["dtype"]]) if end > start \
            else torch.empty(0, dtype=dtypes[entry["dtype"]])
        tensors[name] = flat.reshape(entry["shape"]).clone()
    return tensors


def load_t5(transformers, torch, model_dir):
    """T5ForConditionalGeneration from MODEL_DIR. transformers before 4.20 reads
    only pytorch_model.bin; a directory with model.safetensors alone (as
    `mcplm init` writes) is then read here."""
    weights = os.path.join(model_dir, "model.safetensors")
    try:
        return transformers.T5ForConditionalGeneration.from_pretrained(model_dir)
    except OSError:
        if not os.path.isfile(weights):
            raise
    config = transformers.T5Config.from_pretrained(model_dir)
    model = transformers.T5ForConditionalGeneration(config)
    missing, unexpected = model.load_state_dict(read_safetensors(torch, weights), strict=False)
    tied = {"encoder.embed_tokens.weight", "decoder.embed_tokens.weight"}  # = shared.weight
    if unexpected or set(missing) - tied:
        fail(f"{weights}: not a T5 state dict (missing {sorted(set(missing) - tied)[:3]}, "
             f"unexpected {unexpected[:3]})")
    return model


def load_transformers(a):
    try:
        import torch
        import transformers
    except ImportError as e:
        fail(f"{e.name} is not installed here (pip install torch transformers sentencepiece)")
    torch.set_num_threads(a.threads)
    tokenizer_dir = a.tokenizer or a.model
    # The sentencepiece tokenizer mcplm reads (spiece.model), as the original
    # loaded it. Without the `tokenizers` package from_pretrained fails in some
    # versions (4.19 imports it to guess the class): build T5Tokenizer directly
    # and register the extra ids as whole tokens, as from_pretrained would.
    spiece = os.path.join(tokenizer_dir, "spiece.model")
    if not os.path.isfile(spiece):
        fail(f"{spiece}: missing file")
    try:
        tokenizer = transformers.T5Tokenizer.from_pretrained(tokenizer_dir, legacy=True)
    except (ImportError, RuntimeError):
        tokenizer = transformers.T5Tokenizer(vocab_file=spiece, legacy=True)
        if hasattr(tokenizer, "sanitize_special_tokens"):
            tokenizer.sanitize_special_tokens()
    model = load_t5(transformers, torch, a.model)
    return torch, transformers.__version__, tokenizer, model.to(a.device).eval()


def transformers_point(a, torch, tokenizer, model, rows):
    """Seconds, loss (mean of per-batch means) and exact-match share at x = 0."""
    theta1 = {k: v.detach().clone() for k, v in model.state_dict().items()}
    generator = torch.Generator(device="cpu").manual_seed(0)
    theta2 = {k: v + 0.01 * torch.randn(v.shape, generator=generator).to(v.device, v.dtype)
              if v.is_floating_point() else v for k, v in theta1.items()}
    if a.device.startswith("cuda"):
        torch.cuda.synchronize()
    start = time.perf_counter()
    x = 0.0
    name = task_name(a.task_dir)
    with torch.no_grad():
        model.load_state_dict({k: (1 - x) * theta1[k] + x * theta2[k]
                               if theta1[k].is_floating_point() else theta1[k] for k in theta1})
        losses, correct = [], 0
        for b in range(0, len(rows), a.predict_batch_size):
            batch = rows[b:b + a.predict_batch_size]
            inputs = tokenizer([f" [{name}] {r[0]}" for r in batch], padding="longest",
                               truncation=True, max_length=a.max_input_length,
                               return_tensors="pt").to(a.device)
            targets = tokenizer([f"<extra_id_0>{r[1][0]}" for r in batch], padding="longest",
                                truncation=True,
                                max_length=a.max_output_length, return_tensors="pt")
            labels = targets.input_ids.masked_fill(targets.attention_mask == 0, -100)
            out = model(**inputs, labels=labels.to(a.device))
            losses.append(out.loss.item())
            generated = model.generate(**inputs, max_length=a.max_output_length, num_beams=1,
                                       do_sample=False)
            predictions = tokenizer.batch_decode(generated, skip_special_tokens=True)
            correct += sum(p.strip() in r[1] for p, r in zip(predictions, batch))
    if a.device.startswith("cuda"):
        torch.cuda.synchronize()
    seconds = time.perf_counter() - start
    return seconds, sum(losses) / max(1, len(losses)), correct / max(1, len(rows))


def main():
    a = parse_args()
    path, rows = task_lines(a.task_dir, a.split, a.limit)
    torch, version, tokenizer, model = load_transformers(a)
    ours, our_loss, metric, our_metric = run_mcplm(a)
    theirs, their_loss, exact = transformers_point(a, torch, tokenizer, model, rows)
    print(f"{path}: {len(rows)} lines, batch {a.predict_batch_size}, lengths "
          f"{a.max_input_length}/{a.max_output_length}, {a.threads} threads, device {a.device}")
    print(f"mcplm:                    {ours:8.2f} s  loss {our_loss:.4f}  {metric} {our_metric:.4f}")
    print(f"transformers {version:<12} {theirs:8.2f} s  loss {their_loss:.4f}  "
          f"exact match {exact:.4f}")
    print(f"transformers / mcplm time per point: {theirs / ours:.2f}x")


if __name__ == "__main__":
    main()
