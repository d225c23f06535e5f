"""Canonical SentencePiece (Debian's python3-sentencepiece) as the reference the C# tokenizer is compared with.

  sentencepiece_reference.py encode MODEL TEXTS_JSON OUT_JSON    ids of each text (no BOS/EOS), as a JSON list
  sentencepiece_reference.py decode MODEL IDS_JSON OUT_JSON      text of each id list, as a JSON list
  sentencepiece_reference.py train CORPUS PREFIX OPTIONS_JSON    trains a model with the trainer options given
"""
import json
import sys

import sentencepiece as spm


def main(command, *args):
    if command == "encode":
        model, texts, out = args
        sp = spm.SentencePieceProcessor(model_file=model)
        with open(texts, encoding="utf-8") as f:
            items = json.load(f)
        result = [sp.encode(text, out_type=int) for text in items]
    elif command == "decode":
        model, ids, out = args
        sp = spm.SentencePieceProcessor(model_file=model)
        with open(ids, encoding="utf-8") as f:
            items = json.load(f)
        result = [sp.decode(list_of_ids) for list_of_ids in items]
    elif command == "train":
        corpus, prefix, options = args
        spm.SentencePieceTrainer.train(input=corpus, model_prefix=prefix, minloglevel=2, **json.loads(options))
        return
    else:
        raise SystemExit(f"unknown command {command}")
    with open(out, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
