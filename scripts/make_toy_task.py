#!/usr/bin/env python3
"""Generates the bundled toy task and its SentencePiece model (fixed seed).

data/toy/toy-sentiment/toy-sentiment_{train,dev,test}.tsv: short reviews made
of filler words and one opinion word; the label is the opinion's class:
positive, negative, or not_sure (a label SentencePiece splits into several
pieces, as real tasks' `not_entailment`). A tiny T5 learns it in seconds; it is
the task of the quick start, the CI smoke tests and the user's guide.

data/toy/tokenizer/spiece.model: a unigram SentencePiece model trained on the
task's text plus the labels (pad 0, eos 1, unk 2, no bos, as T5).

Run from the repository root: python3 scripts/make_toy_task.py (needs spm_train,
from Debian's `sentencepiece` package).
"""
import os
import random
import subprocess

SEED = 20221207
TASK = "toy-sentiment"
OUT = os.path.join("data", "toy")

SUBJECTS = ["the film", "this book", "the meal", "our hotel", "the concert", "that game",
            "the service", "my phone", "the show", "this album", "the trip", "the course"]
FILLER = ["was", "really", "quite", "honestly", "overall", "today", "again", "very", "so",
          "and", "the", "staff", "music", "story", "price", "room", "food", "ending", "sound",
          "seemed", "felt", "looked", "frankly", "at", "times", "for", "me", "us", "a", "bit"]
OPINIONS = {
    "positive": ["great", "wonderful", "lovely", "excellent", "superb", "delightful"],
    "negative": ["awful", "terrible", "boring", "dreadful", "horrible", "dull"],
    "not_sure": ["uncertain", "unclear", "mixed", "puzzling", "odd", "strange"],
}
SIZES = {"train": 1200, "dev": 150, "test": 150}


def review(rng):
    label = rng.choice(sorted(OPINIONS))
    words = [rng.choice(FILLER) for _ in range(rng.randint(3, 9))]
    words.insert(rng.randint(0, len(words)), rng.choice(OPINIONS[label]))
    text = "review: {} {} .".format(rng.choice(SUBJECTS), " ".join(words))
    return text, label


def main():
    rng = random.Random(SEED)
    task_dir = os.path.join(OUT, TASK)
    os.makedirs(task_dir, exist_ok=True)
    corpus = []
    for split, n in SIZES.items():
        with open(os.path.join(task_dir, "{}_{}.tsv".format(TASK, split)), "w") as f:
            for _ in range(n):
                text, label = review(rng)
                f.write("{}\t{}\n".format(text, label))
                corpus.append(" [{}] {}".format(TASK, text))
    tok_dir = os.path.join(OUT, "tokenizer")
    os.makedirs(tok_dir, exist_ok=True)
    # A fixed corpus path: spm_train records it in the model.
    text_file = os.path.join(tok_dir, "corpus.txt")
    with open(text_file, "w") as f:
        f.write("\n".join(corpus + sorted(OPINIONS)) + "\n")
    try:
        subprocess.run(["spm_train", "--input=" + text_file,
                        "--model_prefix=" + os.path.join(tok_dir, "spiece"),
                        "--vocab_size=120", "--model_type=unigram", "--character_coverage=1.0",
                        "--pad_id=0", "--eos_id=1", "--unk_id=2", "--bos_id=-1",
                        "--random_seed=1", "--num_threads=1", "--minloglevel=2"], check=True)
    finally:
        os.remove(text_file)
    os.remove(os.path.join(tok_dir, "spiece.vocab"))


if __name__ == "__main__":
    main()
