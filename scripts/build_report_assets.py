"""Write what `citydip report` inlines into every page: the Vega bundle and the Natural Earth outlines.

Run from the repository root (needs the ``build`` extra for vl-convert-python; npm for the outlines):

    python scripts/build_report_assets.py [--out DIR] [--world-atlas world-atlas-2.0.2.tgz]

- ``data/report-vega.js``: Vega, Vega-Lite and vega-embed with all their dependencies in one script, as
  vl-convert-python bundles them (no import, no fetch of anything: the page runs it inline), behind a
  header naming the versions and their licences. The bundle depends only on the pinned vl-convert-python.
- ``data/world-atlas-countries-110m.json``: Natural Earth country outlines of the world as TopoJSON, copied
  byte for byte from the npm package world-atlas 2.0.2 (``npm pack world-atlas@2.0.2``, or the tarball
  given); ``data/world-atlas-east-asia-50m.json``: its countries-50m cut down to the countries that reach
  into the East Asia view's surroundings (the map's second view), arcs numbered afresh, nothing else
  changed. The upstream files' SHA-256 below are checked, so a changed upstream file is refused.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
BUNDLE = "report-vega.js"
VL_CONVERT = "1.9.0.post1"
WORLD_ATLAS = "world-atlas@2.0.2"
UPSTREAM = {
    "countries-110m.json": "2516c915867c7baf18ddec727aec46c315541a07cfb3d79a6559b05d5e94eee8",
    "countries-50m.json": "04342cdc1e3016bcd7db1630de95684d67b79fe3c8c460321e87aef469502394",
}
WORLD = "world-atlas-countries-110m.json"
EAST_ASIA = "world-atlas-east-asia-50m.json"
# Countries drawn in the East Asia view: those with some outline point in this box (lon, lat of its
# corners), wider than the view (citydip.report.geo.EAST_ASIA) so that its edges are never blank land;
# the whole of Russia and India come along (about 140 KB).
EAST_ASIA_BOX = ((95.0, 15.0), (155.0, 55.0))
VEGA_LICENCE = """\
Copyright (c) 2015-2023, University of Washington Interactive Data Lab. All rights reserved.
Redistribution and use in source and binary forms, with or without modification, are permitted
provided that the following conditions are met: 1. Redistributions of source code must retain the
above copyright notice, this list of conditions and the following disclaimer. 2. Redistributions in
binary form must reproduce the above copyright notice, this list of conditions and the following
disclaimer in the documentation and/or other materials provided with the distribution. 3. Neither the
name of the copyright holder nor the names of its contributors may be used to endorse or promote
products derived from this software without specific prior written permission.
THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY EXPRESS OR IMPLIED
WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A
PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT OWNER OR CONTRIBUTORS BE LIABLE FOR
ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT
LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS
INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR
TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF
ADVISED OF THE POSSIBILITY OF SUCH DAMAGE."""


def bundle() -> str:
    """The Vega bundle as shipped: a licence header, then vl-convert's bundle unchanged."""
    from importlib.metadata import version

    import vl_convert

    if version("vl-convert-python") != VL_CONVERT:
        raise SystemExit(f"vl-convert-python {VL_CONVERT} makes the shipped bundle; install that version")
    script = vl_convert.javascript_bundle()
    if "</script" in script.lower():
        raise SystemExit("the bundle holds '</script', which would end the page's inline script")
    header = (
        f"/*! Vega {vl_convert.get_vega_version()}, Vega-Lite {vl_convert.get_vegalite_versions()[-1]} and "
        f"vega-embed {vl_convert.get_vega_embed_version()} with their dependencies (d3 modules, "
        "topojson-client: ISC; vega-tooltip, vega-themes: BSD-3-Clause; the others under MIT, ISC, 0BSD or "
        "Unlicense terms),\n"
        f"   bundled by vl-convert-python {VL_CONVERT} (scripts/build_report_assets.py; see data/REPORT.md).\n"
        f"   Vega, Vega-Lite, vega-embed:\n{VEGA_LICENCE}\n*/\n"
    )
    return header + script + "\n"


def upstream(tarball: Path | None) -> dict[str, bytes]:
    """world-atlas's TopoJSON files, checked against their pinned SHA-256."""
    with tempfile.TemporaryDirectory() as tmp:
        if tarball is None:
            subprocess.run(["npm", "pack", WORLD_ATLAS], cwd=tmp, check=True, capture_output=True)
            tarball = next(Path(tmp).glob("world-atlas-*.tgz"))
        out: dict[str, bytes] = {}
        with tarfile.open(tarball) as archive:
            for member, digest in UPSTREAM.items():
                handle = archive.extractfile(f"package/{member}")
                if handle is None:
                    raise SystemExit(f"{tarball}: no package/{member}")
                content = handle.read()
                if hashlib.sha256(content).hexdigest() != digest:
                    raise SystemExit(f"{tarball}: package/{member} is not the file this script pins")
                out[member] = content
        return out


def _arcs_of(geometry: dict) -> list[int]:
    parts = geometry.get("arcs", [])
    if geometry["type"] == "Polygon":
        return [i for ring in parts for i in ring]
    if geometry["type"] == "MultiPolygon":
        return [i for polygon in parts for ring in polygon for i in ring]
    return []


def cut(topology: dict, box: tuple[tuple[float, float], tuple[float, float]]) -> dict:
    """The countries of a world-atlas topology with some point in ``box``, and only their arcs."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    (west, south), (east, north) = box
    inside: list[bool] = []
    for arc in topology["arcs"]:  # delta-encoded quantized points
        x = y = 0
        hit = False
        for dx, dy in arc:
            x += dx
            y += dy
            if west <= x * sx + tx <= east and south <= y * sy + ty <= north:
                hit = True
                break
        inside.append(hit)
    kept = [
        g
        for g in topology["objects"]["countries"]["geometries"]
        if any(inside[i if i >= 0 else ~i] for i in _arcs_of(g))
    ]
    used = sorted({i if i >= 0 else ~i for g in kept for i in _arcs_of(g)})
    renumber = {old: new for new, old in enumerate(used)}

    def moved(i: int) -> int:
        return renumber[i] if i >= 0 else ~renumber[~i]

    for g in kept:
        if g["type"] == "Polygon":
            g["arcs"] = [[moved(i) for i in ring] for ring in g["arcs"]]
        elif g["type"] == "MultiPolygon":
            g["arcs"] = [[[moved(i) for i in ring] for ring in polygon] for polygon in g["arcs"]]
    return {
        "type": "Topology",
        "transform": topology["transform"],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": kept}},
        "arcs": [topology["arcs"][i] for i in used],
    }


def outlines(tarball: Path | None) -> dict[str, bytes]:
    """The shipped outline files by name."""
    files = upstream(tarball)
    east_asia = cut(json.loads(files["countries-50m.json"]), EAST_ASIA_BOX)
    return {
        WORLD: files["countries-110m.json"],
        EAST_ASIA: json.dumps(east_asia, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA)
    parser.add_argument("--world-atlas", type=Path, help="world-atlas 2.0.2 tarball (default: npm pack it)")
    parser.add_argument("--skip-outlines", action="store_true", help="only the Vega bundle")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / BUNDLE).write_text(bundle(), encoding="utf-8")
    if not args.skip_outlines:
        for name, content in outlines(args.world_atlas).items():
            (args.out / name).write_bytes(content)


if __name__ == "__main__":
    main()
