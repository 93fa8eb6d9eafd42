#!/usr/bin/env python3
# Exports a BERT-family encoder folder to ONNX for the encoder benchmark's ONNX Runtime peer (torch.onnx.export):
# BertModel (eval, FP32) plus the mean pooling the engine does, inputs input_ids and attention_mask [batch, tokens]
# (int64, both axes dynamic), output pooled [batch, hidden]. Bench-only: onnx and onnxscript are in .venv-test
# (tests/python/setup-venv.sh), never in the app. Usage: export_onnx_encoder.py FOLDER OUT.onnx
import sys

import torch
from transformers import BertModel


class Pooled(torch.nn.Module):
    def __init__(self, bert):
        super().__init__()
        self.bert = bert

    def forward(self, input_ids, attention_mask):
        hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        return (hidden * mask).sum(1) / mask.sum(1)


@torch.no_grad()
def main():
    folder, out = sys.argv[1], sys.argv[2]
    model = Pooled(BertModel.from_pretrained(folder, dtype=torch.float32, add_pooling_layer=False).eval())
    ids = torch.ones((2, 16), dtype=torch.long)
    mask = torch.ones((2, 16), dtype=torch.long)
    batch, tokens = torch.export.Dim('batch'), torch.export.Dim('tokens', max=512)
    torch.onnx.export(
        model, (ids, mask), out, input_names=['input_ids', 'attention_mask'], output_names=['pooled'],
        dynamic_shapes={'input_ids': {0: batch, 1: tokens}, 'attention_mask': {0: batch, 1: tokens}}, dynamo=True, external_data=False,
    )


main()
