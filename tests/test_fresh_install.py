"""``pip install .`` with the oldest pip the README supports, in a fresh venv, then read an HTML page.

Python 3.11's own venv brings pip 23.2.1, older than 23.3: such a pip leaves
out packages asked for only through an extra with a non-normalised name
(jusText's ``lxml[html_clean]``), so this checks that every run-time import is
declared directly. Packages come the way pip is configured on this machine
(``pip config list``: its find-links folder, file indexes and the registry);
where pip can reach none of them the test is skipped, saying so.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
OLDEST_PIP = "23.2.1"
PAGE = """<!DOCTYPE html><html><head><meta charset="gbk"><title>国家电投与南阳市签署协议</title></head>
<body><article><h1>国家电投与南阳市签署协议</h1><p>3月21日，国家电力投资集团有限公司与南阳市人民政府签署战略合作框架协议。
国家电投董事长刘明、南阳市市长王华出席签约仪式并见证签约。双方将在风电、光伏、储能和氢能等领域开展全面合作。</p></article></body></html>"""


def _run(cmd: list[str], timeout: int, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=cwd)


@pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="the oldest-pip check is pinned to Python 3.11's pip")
def test_pip_install_with_the_oldest_supported_pip_reads_html(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    version = _run([str(py), "-m", "pip", "--version"], 60).stdout.split()[1]
    if version != OLDEST_PIP:
        pip = _run([str(py), "-m", "pip", "install", "--quiet", f"pip=={OLDEST_PIP}"], 300)
        if pip.returncode != 0:
            pytest.skip(f"cannot install pip {OLDEST_PIP}: {pip.stderr.strip()[-300:]}")
    probe = _run([str(py), "-m", "pip", "download", "--no-deps", "-d", str(tmp_path / "probe"),
                  "lxml_html_clean"], 180)
    if probe.returncode != 0:
        pytest.skip("pip reaches no package index or wheel folder here "
                    f"(pip download lxml_html_clean failed: {probe.stderr.strip()[-300:]})")
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE", "constraints.txt"):
        if (REPO / name).exists():
            shutil.copy2(REPO / name, source / name)
    shutil.copytree(REPO / "src", source / "src", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    install = _run([str(py), "-m", "pip", "install", "--quiet", "-c", "constraints.txt", "."], 1500, cwd=source)
    assert install.returncode == 0, install.stderr[-3000:]
    page = tmp_path / "release.html"
    page.write_bytes(PAGE.encode("gbk"))
    check = _run([str(py), "-c", (
        "import sys, json; from pactgraph.ingest.html import html_to_document; "
        "doc = html_to_document(open(sys.argv[1], 'rb').read(), doc_id='p'); "
        "print(json.dumps({'title': doc.title, 'language': doc.language, 'text': doc.text}, ensure_ascii=False))"),
        str(page)], 300)
    assert check.returncode == 0, check.stderr[-3000:]
    assert '"language": "zh"' in check.stdout and "国家电力投资集团" in check.stdout
    cli = _run([str(env_dir / "bin" / "pactgraph"), "extract", str(page)], 600)
    assert cli.returncode == 0, cli.stderr[-3000:]
    assert "刘明" in cli.stdout
