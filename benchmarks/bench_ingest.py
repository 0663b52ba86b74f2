"""Ingest at scale: a synthetic news feed, every figure a ratio to a baseline measured in the same run.

Run on demand: python benchmarks/bench_ingest.py [--articles N] [--events N] [--jobs N]
(defaults: 20,000 articles, 1,000,000 events, one job per core; `--only queries --db PATH` times only the
queries, on a million-event database kept at PATH). Prints PASS/FAIL per target of issue 8:
  - diplomacy articles (dev corpus) ingest within 1.3x the time Kiwi alone tokenises them;
  - on the mixed feed (~95% non-diplomacy) ingest is >= 10x faster than Kiwi tokenising everything;
  - --jobs 2 is >= 1.7x --jobs 1 on diplomacy-only input;
  - `citydip timeline` / `cities` start within 1.2x `python -c "import typer, rich.table, sqlite_utils"`;
  - both answer in <= 0.5 s on a 1,000,000-event database (a page: `--limit 50`; the whole partner table is
    printed too, as a figure);
  - <= 500 MB RSS while ingesting.

The feed mixes copies of the dev-corpus articles (each made distinct by a closing line, so each is a new
article) with non-diplomacy news generated here from templates written for this benchmark (weather,
sports, prices, traffic, health, culture, economy): about 5% diplomacy, as in a real archive or less.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "corpus" / "dev" / "articles"
PYTHON = sys.executable
CITYDIP = [PYTHON, "-m", "citydip"]
DIPLOMACY_SHARE = 0.05
# Generated articles with one everyday use of a trigger word or a foreign place (not tuned: the share of
# non-diplomacy news that must reach Kiwi decides the speed-up, and the benchmark prints it).
ASIDE_SHARE = 0.10

# -- the synthetic feed -----------------------------------------------------------------------------

CITIES = [
    "서울", "부산", "대구", "인천", "광주", "대전", "울산", "수원", "창원", "고양", "용인", "성남", "청주",
    "전주", "천안", "포항", "김해", "제주", "춘천", "원주", "강릉", "여수", "순천", "목포", "안동", "경주",
]  # fmt: skip
DISTRICTS = ["중구", "동구", "서구", "남구", "북구", "강남구", "송파구", "마포구", "해운대구", "수성구"]
WEATHER = ["맑겠습니다", "구름이 많겠습니다", "흐리고 비가 오겠습니다", "오후 한때 소나기가 내리겠습니다"]
TEAMS = ["이글스", "타이거즈", "라이온즈", "트윈스", "베어스", "자이언츠", "다이노스", "랜더스", "위즈"]
FOOTBALL = ["FC", "현대", "유나이티드", "시티즌", "스틸러스", "드래곤즈"]
PLAYERS = ["김민준", "이서준", "박도윤", "최예준", "정시우", "강하준", "조주원", "윤지호", "장준서"]
GOODS = ["배추", "무", "양파", "대파", "사과", "배", "달걀", "돼지고기", "쇠고기", "고등어", "쌀", "감자"]
ROADS = ["경부고속도로", "영동고속도로", "서해안고속도로", "중부내륙고속도로", "남해고속도로", "올림픽대로"]
SHOWS = ["뮤지컬", "연극", "사진전", "클래식 공연", "국악 공연", "미디어아트 전시", "도예전"]
SECTORS = ["반도체", "자동차", "조선", "철강", "석유화학", "바이오", "이차전지", "게임"]
DISEASES = ["독감", "수족구병", "식중독", "노로바이러스 장염", "눈병"]
ABROAD = ["미국", "일본", "중국", "유럽", "영국", "독일", "베트남"]
MARKETS = ["뉴욕 증시", "도쿄 증시", "상하이 증시", "유럽 주요 증시"]


def _josa(word: str, pair: str) -> str:
    """word + the particle of ``pair`` ("은/는", "이/가", "을/를", "과/와") that its last syllable takes."""
    last = word[-1]
    final = (ord(last) - 0xAC00) % 28 if "가" <= last <= "힣" else 0
    return word + (pair[0] if final else pair[-1])


# Sentences that name a foreign place or use a word of the trigger lexicon in an everyday sense, as real
# news does now and then ('해수욕장을 찾은', '업무협약을 체결'): these articles reach Kiwi.
ASIDES = [
    "주말 동안 해수욕장을 찾은 피서객은 {n}만 명에 달했다.",
    "{city}시는 지역 기업 {n}곳과 일자리 창출을 위한 업무협약을 체결했다.",
    "한 시민은 주민센터를 찾아 이웃돕기 성금 {n}만 원을 기탁했다.",
    "일본 규슈 남쪽 해상에서 북상하는 태풍의 영향을 받는 지역을 찾아 점검했다.",
    "대표팀은 다음 달 도쿄에서 열리는 대회에서 숙적과 다시 만난다.",
    "협회 관계자들은 지난주 미국 뉴욕을 방문해 현지 유통 업체와 논의했다.",
    "파리에 도착한 선수단은 {n}일간 현지 적응 훈련에 들어간다.",
]


def _aside(r: random.Random, city: str) -> str:
    return r.choice(ASIDES).format(n=r.randint(2, 40), city=city)


def _weather(r: random.Random, city: str) -> tuple[str, list[str]]:
    low, high = r.randint(-12, 20), r.randint(0, 36)
    low, high = min(low, high - 3), max(high, low + 3)
    rain = r.randint(5, 80)
    return f"{city} 낮 최고 {high}도…{r.choice(['건조', '황사', '미세먼지', '소나기', '한파'])} 주의", [
        f"{r.randint(1, 28)}일 {_josa(city, '은는')} 대체로 {r.choice(WEATHER)}.",
        f"아침 최저기온은 {low}도, 낮 최고기온은 {high}도로 어제보다 {r.randint(1, 6)}도가량 "
        f"{r.choice(['높겠습니다', '낮겠습니다'])}.",
        f"기상청은 {_josa(r.choice(CITIES), '과와')} {r.choice(CITIES)} 지역의 강수 확률을 {rain}%로 내다봤다.",
        f"미세먼지 농도는 {r.choice(['좋음', '보통', '나쁨'])} 수준을 보이겠다.",
        f"바다의 물결은 {r.randint(1, 4)}.{r.randint(0, 9)}m로 일겠고 일부 해상에는 풍랑특보가 내려질 수 있다.",
        f'기상청 관계자는 "일교차가 {r.randint(8, 16)}도 안팎으로 크겠으니 건강 관리에 유의해 달라"고 말했다.',
        f"주말에는 {r.choice(['기온이 평년 수준을 되찾겠다', '비구름이 물러나겠다', '찬 바람이 강해지겠다'])}.",
    ]


def _baseball(r: random.Random, city: str) -> tuple[str, list[str]]:
    home, away = r.sample(TEAMS, 2)
    a, b = r.randint(0, 12), r.randint(0, 12)
    player = r.choice(PLAYERS)
    return f"{home}, {away} 꺾고 {r.randint(2, 9)}연승", [
        f"{city} {_josa(home, '이가')} {r.randint(1, 30)}일 홈구장에서 열린 정규리그 경기에서 {_josa(away, '을를')} {max(a, b) + 1}-{min(a, b)}로 눌렀다.",
        f"{_josa(player, '은는')} {r.randint(1, 9)}회 말 {_josa(r.choice(['결승 2루타', '솔로 홈런', '역전 적시타', '쐐기 3점포']), '을를')} 터뜨리며 승리를 이끌었다.",
        f"선발 투수는 {r.randint(5, 8)}이닝 동안 {r.randint(0, 4)}실점으로 호투해 시즌 {r.randint(2, 15)}승째를 챙겼다.",
        f"이날 경기장에는 관중 {r.randint(8, 24)},{r.randint(100, 999)}명이 입장했다.",
        f"{_josa(home, '은는')} 이번 승리로 리그 순위를 {r.randint(1, 9)}위로 끌어올렸다.",
        '감독은 경기 뒤 "선수들이 끝까지 집중력을 잃지 않았다"고 평가했다.',
    ]


def _football(r: random.Random, city: str) -> tuple[str, list[str]]:
    club = f"{city} {r.choice(FOOTBALL)}"
    rival = f"{r.choice(CITIES)} {r.choice(FOOTBALL)}"
    player = r.choice(PLAYERS)
    return f"{club}, 안방서 {_josa(rival, '과와')} {r.randint(0, 3)}-{r.randint(0, 3)} 무승부", [
        f"프로축구 {_josa(club, '은는')} {r.randint(1, 30)}일 홈경기에서 {_josa(rival, '과와')} 승점 1씩을 나눠 가졌다.",
        f"전반 {r.randint(5, 45)}분 {player}의 선제골로 앞서 나갔지만 후반 {r.randint(46, 90)}분 동점골을 내줬다.",
        f"{_josa(club, '은는')} 최근 {r.randint(3, 8)}경기 연속 무패 행진을 이어갔다.",
        f"점유율은 {r.randint(45, 65)}% 대 {r.randint(35, 55)}%로 홈팀이 우세했다.",
        f"다음 경기는 {r.randint(2, 9)}일 뒤 원정으로 치러진다.",
    ]


def _prices(r: random.Random, city: str) -> tuple[str, list[str]]:
    good, other = r.sample(GOODS, 2)
    change = r.randint(3, 48)
    return f"{good} 값 {change}% {r.choice(['급등', '하락', '상승'])}…장바구니 부담", [
        f"{r.randint(1, 12)}월 둘째 주 {good} 도매가격이 1년 전보다 {change}% {r.choice(['올랐다', '내렸다'])}.",
        f"{city}의 한 전통시장에서 {good} 한 단은 {r.randint(2, 9)},{r.randint(1, 9)}00원에 거래됐다.",
        f"{other} 가격도 {r.randint(2, 20)}% 안팎의 변동을 보였다.",
        f"생산자 단체는 작황 부진과 {_josa(r.choice(['잦은 비', '이른 더위', '늦은 추위', '인건비 상승']), '을를')} 원인으로 꼽았다.",
        f"소비자물가지수는 전년 같은 달 대비 {r.randint(1, 4)}.{r.randint(0, 9)}% 상승한 것으로 집계됐다.",
        f'상인들은 "손님이 {r.randint(10, 40)}%가량 줄었다"고 하소연했다.',
    ]


def _traffic(r: random.Random, city: str) -> tuple[str, list[str]]:
    road = r.choice(ROADS)
    hours = r.randint(3, 9)
    return f"{road} 곳곳 정체…{city}까지 {hours}시간", [
        f"연휴 첫날인 {r.randint(1, 30)}일 {road} 하행선 곳곳에서 차량 정체가 빚어졌다.",
        f"한국도로공사에 따르면 오전 {r.randint(7, 11)}시 기준 서울에서 {city}까지 승용차로 {hours}시간 {r.randint(0, 50)}분이 걸린다.",
        f"이날 전국 고속도로 교통량은 {r.randint(400, 620)}만 대로 예상됐다.",
        f"{r.choice(DISTRICTS)} 일대 도로는 공사 구간 탓에 서행이 이어졌다.",
        f"귀경 방향 정체는 오후 {r.randint(2, 6)}시께 절정을 이룬 뒤 밤늦게 풀릴 전망이다.",
        "경찰은 졸음운전 사고 예방을 위해 휴게소 순찰을 강화했다.",
    ]


def _health(r: random.Random, city: str) -> tuple[str, list[str]]:
    disease = r.choice(DISEASES)
    return f"{disease} 환자 {r.randint(2, 9)}주째 증가", [
        f"질병관리청은 {disease} 의심 환자가 외래 환자 1천 명당 {r.randint(5, 60)}.{r.randint(0, 9)}명으로 늘었다고 밝혔다.",
        f"{city} 지역 소아과에는 진료 대기 시간이 {r.randint(1, 3)}시간을 넘기도 했다.",
        f"보건당국은 손 씻기와 {_josa(r.choice(['기침 예절', '음식 익혀 먹기', '실내 환기']), '을를')} 당부했다.",
        f"{r.randint(60, 90)}세 이상 고령층의 예방접종률은 {r.randint(40, 80)}%에 그쳤다.",
        '전문가들은 "증상이 있으면 등교와 출근을 자제하는 것이 좋다"고 조언했다.',
    ]


def _culture(r: random.Random, city: str) -> tuple[str, list[str]]:
    show = r.choice(SHOWS)
    return f"{city} 문화예술회관, {show} 무대 올려", [
        f"{city} 문화예술회관은 다음 달 {r.randint(1, 28)}일까지 {_josa(show, '을를')} 선보인다.",
        f"이번 작품은 지역 예술인 {r.randint(12, 80)}명이 참여해 석 달간 준비했다.",
        f"관람료는 {r.randint(1, 5)}만 원이며 청소년은 절반 가격에 볼 수 있다.",
        '회관 측은 "온 가족이 함께 즐길 수 있도록 꾸몄다"고 설명했다.',
        f"공연 시간은 평일 오후 {r.randint(6, 8)}시, 주말 오후 {r.randint(2, 5)}시다.",
    ]


def _economy(r: random.Random, city: str) -> tuple[str, list[str]]:
    sector = r.choice(SECTORS)
    market = r.choice(MARKETS)
    return f"{sector} 수출 {r.randint(2, 30)}% 증가…{market} 영향은 제한적", [
        f"산업통상자원부는 지난달 {sector} 수출액이 {r.randint(20, 150)}억 달러로 집계됐다고 밝혔다.",
        f"{r.choice(ABROAD)} 수요가 살아나면서 {r.randint(2, 9)}개월 연속 증가세를 이어갔다.",
        f"{_josa(market, '이가')} {r.randint(1, 3)}% 하락했지만 코스피는 {r.randint(1, 40)}포인트 오른 채 마감했다.",
        f"원·달러 환율은 {r.randint(1250, 1450)}원 선에서 거래를 마쳤다.",
        f"{city} 산업단지 입주 기업들은 인력난을 가장 큰 어려움으로 꼽았다.",
        '한 증권사 연구원은 "하반기에도 실적 개선이 이어질 것"이라고 내다봤다.',
    ]


TOPICS = [_weather, _baseball, _football, _prices, _traffic, _health, _culture, _economy]


def generated_article(r: random.Random, serial: int, asides: float = ASIDE_SHARE) -> dict:
    """One non-diplomacy news item: a title and 8-26 sentences on one topic, shuffled, repeated in part."""
    city = r.choice(CITIES)
    topic = r.choice(TOPICS)
    title, sentences = topic(r, city)
    body = sentences[:]
    # lengths like the dev corpus's (about 400 to 1,600 characters)
    wanted = r.randint(8, 26)
    while len(body) < wanted:
        body += topic(r, r.choice(CITIES))[1][: r.randint(1, 3)]
    r.shuffle(body)
    if r.random() < asides:
        body.insert(r.randint(0, len(body)), _aside(r, city))
    paragraphs = [" ".join(body[i : i + 2]) for i in range(0, len(body), 2)]
    reporter = f"{r.choice(PLAYERS)} 기자"
    day = f"20{r.randint(15, 25):02d}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
    # the serial keeps every text distinct (the id hashes the text), as a wire service's item number would
    text = "\n\n".join(paragraphs) + f"\n\n{reporter} (송고 {serial:06d})"
    return {"title": title, "text": text, "published": day, "source": "합성 뉴스"}


def dev_articles() -> list[dict]:
    from citydip.models import Article
    from citydip.sources import read_inputs

    out = []
    for item in read_inputs([str(DEV)]):
        if isinstance(item, Article):
            out.append(
                {"title": item.title, "text": item.text, "published": item.published, "source": item.source}
            )
    return out


def synthesise(
    n: int, *, share: float = DIPLOMACY_SHARE, asides: float = ASIDE_SHARE, seed: int = 8
) -> tuple[list[dict], int]:
    """``n`` articles, ``share`` of them copies of dev-corpus articles, in random order; (feed, diplomacy)."""
    r = random.Random(seed)
    dev = dev_articles()
    diplomacy = max(1, round(n * share))
    feed = []
    for k in range(diplomacy):
        article = dict(dev[k % len(dev)])
        article["text"] += f"\n\n(사본 {k:06d})"  # a new text, so a new article, with the same events
        feed.append(article)
    feed += [generated_article(r, serial, asides) for serial in range(n - diplomacy)]
    r.shuffle(feed)
    return feed, diplomacy


def diplomacy_only(n: int) -> list[dict]:
    dev = dev_articles()
    feed = []
    for k in range(n):
        article = dict(dev[k % len(dev)])
        article["text"] += f"\n\n(사본 {k:06d})"
        feed.append(article)
    return feed


def write_jsonl(path: Path, articles: list[dict]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for article in articles:
            fh.write(json.dumps(article, ensure_ascii=False) + "\n")
    return path


# -- measuring commands: wall time, peak RSS of the largest process and of the whole process tree ---------

WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL).returncode
wall = time.perf_counter() - start
largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
with open(sys.argv[1], "w") as fh:
    json.dump({"wall": wall, "largest": largest, "code": code}, fh)
"""


@dataclass
class Run:
    wall: float
    largest: int  # bytes: peak RSS of the largest process (getrusage, and VmHWM sampled every 0.2 s)
    tree: int  # bytes: peak of the summed PSS of the process and its workers (sampled every 0.2 s)
    code: int


def _tree_memory(root: int) -> tuple[int, int]:
    """(summed PSS, largest peak RSS) of ``root`` and every process below it, in bytes."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    parents[int(entry)] = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    # proportional set size: memory the workers share with the fork server (Kiwi) counts once; the peak
    # RSS of each process (VmHWM) counts shared pages in every process that maps them
    total = largest = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                total += next(int(line.split()[1]) * 1024 for line in fh if line.startswith("Pss:"))
            with open(f"/proc/{pid}/status") as fh:
                largest = max(
                    largest, next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmHWM:"))
                )
        except (OSError, StopIteration, IndexError, ValueError):
            continue
    return total, largest


def measure(cmd: list[str], *, timeout: float | None = None) -> Run:
    with tempfile.NamedTemporaryFile(suffix=".json") as report, tempfile.TemporaryFile() as errors:
        # ingest's notes (one per undated article) would bury the figures: shown only when the run failed
        proc = subprocess.Popen([PYTHON, "-c", WRAPPER, report.name, *cmd], stderr=errors)
        peak = [0, 0]
        done = threading.Event()

        def sample() -> None:
            # once a second: a sample reads /proc for every process (~30 ms with four processes of Kiwi's
            # size), which at five a second took 15% of a core from the run it measures. The peak RSS
            # (VmHWM) is the kernel's high-water mark, so a slower sampler misses none of it.
            while not done.wait(1.0):
                total, largest = _tree_memory(proc.pid)
                peak[0], peak[1] = max(peak[0], total), max(peak[1], largest)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_tree(proc.pid)
            proc.wait()
            done.set()
            return Run(float("inf"), 0, peak[0], -1)
        done.set()
        sampler.join()
        result = json.loads(Path(report.name).read_text())
        if result["code"] not in (0, None):
            errors.seek(0)
            sys.stderr.write(errors.read()[-2000:].decode("utf-8", "replace"))
    # getrusage sees only the processes waited for (not workers forked by the fork server): take both
    return Run(result["wall"], max(result["largest"], peak[1]), peak[0], result["code"])


def _kill_tree(root: int) -> None:
    for pid in [*sorted(_descendants(root), reverse=True), root]:
        with contextlib.suppress(OSError):
            os.kill(pid, 9)


def _descendants(root: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    if int(fh.read().rsplit(")", 1)[1].split()[1]) == root:
                        out += [int(entry), *_descendants(int(entry))]
            except (OSError, IndexError, ValueError):
                continue
    return out


def citydip_cmd() -> list[str]:
    script = Path(PYTHON).parent / "citydip"
    return [str(script)] if script.exists() else CITYDIP


# -- baselines ----------------------------------------------------------------------------------------

KIWI_PROBE = """
import json, sys, time
sys.path.insert(0, {root!r})
texts = [json.loads(line)["text"] for line in open({feed!r}, encoding="utf-8")]
start = time.perf_counter()
from citydip import nlp
kiwi = nlp.kiwi()  # the Kiwi citydip builds (user words included); batches use its threads, one per core
kiwi.tokenize("준비")
load = time.perf_counter() - start
single = batch = None
if {single}:
    start = time.perf_counter()
    for text in texts:
        kiwi.tokenize(text)
    single = time.perf_counter() - start
if {batch}:
    start = time.perf_counter()
    for _ in kiwi.tokenize(texts):
        pass
    batch = time.perf_counter() - start
json.dump({{"load": load, "single": single, "batch": batch, "chars": sum(map(len, texts))}}, open({out!r}, "w"))
"""


def kiwi_baseline(feed: Path, *, single: bool = True, batch: bool = True) -> tuple[dict, Run]:
    """Kiwi alone on the feed's texts, in a fresh process: load, one text at a time, and as one batch."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        probe = KIWI_PROBE.format(root=str(ROOT), feed=str(feed), out=out.name, single=single, batch=batch)
        run = measure([PYTHON, "-c", probe])
        return json.loads(Path(out.name).read_text()), run


def dev_ratio(rounds: int = 3) -> tuple[float, float, int]:
    """Warm, in this process, one core: (ingest s, Kiwi tokenise s) for the dev corpus, best of ``rounds``."""
    from citydip import nlp
    from citydip.models import Article
    from citydip.pipeline import ingest
    from citydip.sources import read_inputs
    from citydip.store import Store

    texts = [a.text for a in read_inputs([str(DEV)]) if isinstance(a, Article)]
    kiwi = nlp.kiwi()
    # warm-up: Kiwi, gazetteer, lexicons, compiled patterns
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "warm.db") as store:
        ingest(store, [str(DEV)])
    tokenise, ingesting = [], []
    for r in range(rounds):
        start = time.process_time()
        for text in texts:
            kiwi.tokenize(text)
        tokenise.append(time.process_time() - start)
        with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / f"dev{r}.db") as store:
            start = time.process_time()
            report = ingest(store, [str(DEV)])
            ingesting.append(time.process_time() - start)
    return min(ingesting), min(tokenise), report.events


# -- a database of a million events ------------------------------------------------------------------------

TYPES = ["agreement"] * 3 + ["meeting"] * 3 + ["visit"] * 3 + ["exchange", "forum", "policy", "aid", "award"]
LEVELS = ["sister", "friendship", "amity", "mou"]


def million_event_db(path: Path, events: int, *, seed: int = 1) -> None:
    """A database with ``events`` events written straight into citydip's schema (no extractor): 250 Korean
    actors, 6,000 foreign partners, five events per article, one event in five a second report of another."""
    from citydip.store import Store, group_key

    Store(path).close()  # the schema, through citydip's own migrations
    r = random.Random(seed)
    actors = [(f"KR:합성시{i}", None, f"Synthetic-si {i}", f"합성시{i}", "KR", "city") for i in range(250)]
    partners = [
        (f"gn:{9_000_000 + i}", 9_000_000 + i, f"Synthetic City {i}", f"합성도시{i}", r.choice(["CN", "JP", "US", "DE", "VN", "FR"]), "city")
        for i in range(6000)
    ]  # fmt: skip
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO places (id, geonameid, name, name_ko, country, kind, lat, lon) VALUES (?, ?, ?, ?, ?, ?, 0, 0)",
        actors + partners,
    )
    n_articles = events // 5
    conn.executemany(
        "INSERT INTO articles (id, title, source, published, text, actor, ingested_at, extractor) "
        "VALUES (?, ?, '합성', ?, ?, NULL, '2025-01-01T00:00:00', 'synthetic')",
        (
            (f"a{i:015d}", f"합성 기사 {i}", f"{1990 + i * 35 // n_articles}-{i % 12 + 1:02d}-{i % 28 + 1:02d}", f"합성 본문 {i}")
            for i in range(n_articles)
        ),
    )  # fmt: skip
    rows, links, made = [], [], []
    for n in range(events):
        article = f"a{n // 5:015d}"
        if made and r.random() < 0.2:  # another article's report of an earlier event: same key and date
            actor, kind, level, chosen, date, precision, canonical = r.choice(made[-5000:])
        else:
            actor = actors[min(int(r.paretovariate(1.2)) - 1, 249)][0]
            kind = r.choice(TYPES)
            level = r.choice(LEVELS) if kind == "agreement" else None
            chosen = tuple(p[0] for p in r.sample(partners, r.choice([1, 1, 1, 2])))
            year = 1990 + (n // 5) * 35 // n_articles
            precision = r.choice(["day", "day", "month", "year"])
            date = {"day": f"{year}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}", "month": f"{year}-{r.randint(1, 12):02d}", "year": str(year)}[precision]  # fmt: skip
            canonical = None
        eid = f"{n:016x}"
        canonical = canonical or eid
        made.append((actor, kind, level, chosen, date, precision, canonical))
        key = group_key(actor, kind, level, chosen)
        rows.append(
            (
                eid,
                article,
                n % 5,
                actor,
                kind,
                level,
                "done",
                date,
                precision,
                "합성 증거 문장",
                canonical,
                key,
            )
        )
        links += [(eid, place, position) for position, place in enumerate(chosen)]
        if len(rows) >= 50_000:
            _flush(conn, rows, links)
    _flush(conn, rows, links)
    conn.execute("COMMIT")
    conn.close()
    # The rows above guess each event's group (an earlier event's key and date); group them as ingest would,
    # which also brings what citydip derives from the groups (the partner summary) up to date.
    with Store(path) as store:
        store.regroup(everything=True)
    conn = sqlite3.connect(path)
    conn.execute("ANALYZE")
    conn.close()


def _flush(conn: sqlite3.Connection, rows: list, links: list) -> None:
    conn.executemany(
        "INSERT INTO events (id, article, seq, actor, type, level, upgrade, status, direction, date, date_end, "
        "precision, evidence, confidence, reason, canonical, group_key) VALUES (?, ?, ?, ?, ?, ?, 0, ?, NULL, ?, NULL, ?, "
        "?, 0.9, 'synthetic', ?, ?)",
        rows,
    )
    conn.executemany("INSERT INTO event_partners (event, place, position) VALUES (?, ?, ?)", links)
    rows.clear()
    links.clear()


# -- the run ----------------------------------------------------------------------------------------------


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    verdicts: list[tuple[str, bool]] = field(default_factory=list)

    def figure(self, text: str) -> None:
        print(text, flush=True)
        self.lines.append(text)

    def target(self, name: str, ok: bool, detail: str) -> None:
        self.verdicts.append((name, ok))
        self.figure(f"  {'PASS' if ok else 'FAIL'}  {name}: {detail}")


def best_of(cmd: list[str], runs: int) -> float:
    return min(measure(cmd).wall for _ in range(runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000, help="articles in the mixed feed")
    parser.add_argument("--events", type=int, default=1_000_000, help="events in the query database")
    parser.add_argument("--diplomacy", type=int, default=1000, help="articles in the diplomacy-only feed")
    parser.add_argument("--jobs", type=int, default=None, help="jobs for the parallel runs (default: cores)")
    parser.add_argument(
        "--diplomacy-share",
        type=float,
        default=DIPLOMACY_SHARE,
        help="share of the mixed feed that is dev-corpus diplomacy articles (issue 8: 5%%; a whole news archive: about 1%%)",
    )
    parser.add_argument(
        "--aside-share",
        type=float,
        default=ASIDE_SHARE,
        help="share of generated articles with an everyday trigger word or foreign place (they reach Kiwi)",
    )
    parser.add_argument("--query-timeout", type=float, default=180.0, help="give up on a query after this")
    parser.add_argument(
        "--only", choices=["all", "queries"], default="all", help="queries: only the million-event queries"
    )
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="keep the query database here (written when missing, else reused)",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from citydip.parallel import default_jobs

    jobs = args.jobs or default_jobs()
    cli = citydip_cmd()
    out = Report()
    out.figure(f"machine: {os.cpu_count()} cores, jobs {jobs}; python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="bench_ingest_") as tmp_name:
        tmp = Path(tmp_name)

        if args.only == "all":
            ingest_targets(out, cli, args, tmp, jobs)

        # 5. queries on a million events
        query_targets(out, cli, args, tmp)
    failed = [name for name, ok in out.verdicts if not ok]
    print(f"\n{len(out.verdicts) - len(failed)} of {len(out.verdicts)} targets met")
    return 0


def ingest_targets(out: Report, cli: list[str], args: argparse.Namespace, tmp: Path, jobs: int) -> None:
    """Ingest speed and memory on the dev corpus, a diplomacy-only feed and the mixed feed; start-up."""
    from citydip.relevance import RelevanceFilter

    # 1. diplomacy articles: ingest time / Kiwi's own time (warm, one core)
    ingest_s, tokenise_s, events = dev_ratio()
    out.figure(
        f"\ndev corpus (39 diplomacy articles, warm, one core): ingest {ingest_s:.3f} s, "
        f"Kiwi tokenising {tokenise_s:.3f} s, {events} events"
    )
    out.target(
        "diplomacy ingest <= 1.3x Kiwi tokenising",
        ingest_s / tokenise_s <= 1.3,
        f"{ingest_s / tokenise_s:.2f}x",
    )

    # 2. parallel ingest on diplomacy-only input, cold (each run loads Kiwi), against Kiwi alone
    diplomacy_feed = write_jsonl(tmp / "diplomacy.jsonl", diplomacy_only(args.diplomacy))
    kiwi_d, _ = kiwi_baseline(diplomacy_feed)
    one = measure([*cli, "ingest", str(diplomacy_feed), "--db", str(tmp / "d1.db"), "--jobs", "1"])
    many = measure([*cli, "ingest", str(diplomacy_feed), "--db", str(tmp / "dn.db"), "--jobs", str(jobs)])
    out.figure(
        f"\ndiplomacy-only feed ({args.diplomacy} articles, {kiwi_d['chars']:,} chars, cold): --jobs 1 {one.wall:.1f} s, "
        f"--jobs {jobs} {many.wall:.1f} s; Kiwi alone: load {kiwi_d['load']:.1f} s + {kiwi_d['single']:.1f} s one text "
        f"at a time, {kiwi_d['batch']:.1f} s as one batch on {jobs} threads"
    )
    out.figure(
        f"  --jobs 1 / (Kiwi load + tokenising, one thread): {one.wall / (kiwi_d['load'] + kiwi_d['single']):.2f}x"
    )
    out.figure(
        f"  --jobs {jobs} / (Kiwi load + tokenising, batch on all cores): {many.wall / (kiwi_d['load'] + kiwi_d['batch']):.2f}x"
    )
    out.target(
        f"--jobs {jobs} >= 1.7x --jobs 1 (diplomacy only)",
        one.wall / many.wall >= 1.7,
        f"{one.wall / many.wall:.2f}x",
    )

    # 3. the mixed feed
    feed, diplomacy = synthesise(args.articles, share=args.diplomacy_share, asides=args.aside_share)
    feed_path = write_jsonl(tmp / "feed.jsonl", feed)
    screen = RelevanceFilter()
    reaching = sum(screen.relevant(a["text"]) for a in feed)
    text_bytes = sum(len(a["text"].encode()) for a in feed)
    kiwi_m, kiwi_run = kiwi_baseline(feed_path)
    out.figure(
        f"\nmixed feed: {len(feed):,} articles ({diplomacy:,} diplomacy; {args.aside_share:.0%} of the others with "
        f"an everyday trigger word or foreign place), {kiwi_m['chars']:,} chars; "
        f"{reaching:,} ({reaching / len(feed):.1%}) pass the prefilter and reach Kiwi"
    )
    out.figure(
        f"  Kiwi alone: load {kiwi_m['load']:.1f} s, tokenising {kiwi_m['single']:.1f} s one text at a time, "
        f"{kiwi_m['batch']:.1f} s as one batch on {jobs} threads; peak RSS {kiwi_run.largest / 1e6:.0f} MB"
    )
    runs = {}
    for n in sorted({1, jobs}):
        runs[n] = measure([*cli, "ingest", str(feed_path), "--db", str(tmp / f"m{n}.db"), "--jobs", str(n)])
        r = runs[n]
        base = kiwi_m["load"] + (kiwi_m["single"] if n == 1 else kiwi_m["batch"])
        out.figure(
            f"  ingest --jobs {n}: {r.wall:.1f} s, {len(feed) / r.wall:,.0f} articles/s "
            f"(Kiwi alone: {len(feed) / base:,.0f}/s, {(len(feed) / r.wall) / (len(feed) / base):.1f}x); "
            f"time {r.wall / base:.3f}x Kiwi {'one thread' if n == 1 else 'all cores'}; peak RSS: largest process "
            f"{r.largest / 1e6:.0f} MB ({r.largest / kiwi_run.largest:.2f}x Kiwi alone), all processes together {r.tree / 1e6:.0f} MB (PSS)"
        )
    best = runs[jobs]
    base = kiwi_m["load"] + kiwi_m["batch"]
    out.target(
        f"mixed feed: ingest (--jobs {jobs}) >= 10x faster than Kiwi tokenising everything (all cores)",
        base / best.wall >= 10,
        f"{base / best.wall:.1f}x",
    )
    base1 = kiwi_m["load"] + kiwi_m["single"]
    out.figure(
        f"        (one core: ingest --jobs 1 is {base1 / runs[1].wall:.1f}x faster than Kiwi on one thread)"
    )
    out.target(
        "<= 500 MB RSS while ingesting (largest process)",
        max(r.largest for r in runs.values()) <= 500e6,
        ", ".join(f"--jobs {n}: {r.largest / 1e6:.0f} MB" for n, r in runs.items()),
    )
    db_size = (tmp / f"m{jobs}.db").stat().st_size
    out.figure(
        f"  database: {db_size / len(feed) * 1000 / 1e6:.2f} MB per 1,000 articles "
        f"({db_size / text_bytes:.2f}x the articles' UTF-8 text)"
    )

    # 4. start-up against the bare imports
    bare = best_of([PYTHON, "-c", "import typer, rich.table, sqlite_utils"], 7)
    small = str(tmp / "samples.db")  # the four sample articles: start-up, not query time
    measure([*cli, "ingest", str(ROOT / "data" / "samples"), "--db", small, "--jobs", "1"])
    out.figure(f"\nstart-up (best of 7): bare imports {bare * 1000:.0f} ms")
    for name, cmd in (
        ("--help", [*cli, "--help"]),
        ("timeline", [*cli, "timeline", "--db", small, "--limit", "20"]),
        ("cities", [*cli, "cities", "--db", small]),
    ):
        took = best_of(cmd, 7)
        line = f"citydip {name} starts within 1.2x the bare imports"
        if name == "--help":
            out.figure(f"  citydip --help: {took * 1000:.0f} ms ({took / bare:.2f}x)")
        else:
            out.target(line, took / bare <= 1.2, f"{took * 1000:.0f} ms, {took / bare:.2f}x")


def query_targets(out: Report, cli: list[str], args: argparse.Namespace, tmp: Path) -> None:
    """Time timeline and cities on a database of ``args.events`` events (kept at ``args.db`` when given)."""
    big = args.db or tmp / "million.db"
    made = None
    if not big.exists():
        start = time.perf_counter()
        million_event_db(big, args.events)
        made = time.perf_counter() - start
    else:  # a database kept from an older citydip gets its pending schema steps before anything is timed
        from citydip.store import Store

        start = time.perf_counter()
        Store(big).close()
        migrated = time.perf_counter() - start
        if migrated > 1:
            out.figure(f"\n{big}: schema brought up to date in {migrated:.0f} s")
    scan = _full_scan(big)
    events = sqlite3.connect(big).execute("SELECT count(*) FROM events").fetchone()[0]
    written = f"written in {made:.0f} s" if made is not None else f"reused from {big}"
    out.figure(
        f"\n{events:,}-event database: {written}, {big.stat().st_size / 1e6:.0f} MB; "
        f"one full scan of events takes {scan * 1000:.0f} ms"
    )
    for name, cmd in (
        ("timeline --limit 50", [*cli, "timeline", "--db", str(big), "--limit", "50", "--format", "json"]),
        ("timeline --actor … --limit 50", [*cli, "timeline", "--db", str(big), "--actor", "합성시7", "--limit", "50", "--format", "json"]),
        ("cities --limit 50", [*cli, "cities", "--db", str(big), "--limit", "50", "--format", "json"]),
        ("cities --sort events --limit 50", [*cli, "cities", "--db", str(big), "--sort", "events", "--limit", "50", "--format", "json"]),
        ("cities --actor … --limit 50", [*cli, "cities", "--db", str(big), "--actor", "합성시7", "--limit", "50", "--format", "json"]),
        # every pair, not a page: printing the whole table, shown but not a target
        ("cities (every pair)", [*cli, "cities", "--db", str(big), "--format", "json"]),
        ("cities --actor … (every pair of one actor)", [*cli, "cities", "--db", str(big), "--actor", "합성시7", "--format", "json"]),
    ):  # fmt: skip
        run = measure(cmd, timeout=args.query_timeout)
        took = run.wall
        shown = f"> {args.query_timeout:.0f} s (stopped)" if took == float("inf") else f"{took:.2f} s"
        detail = f"{shown} ({took / scan:.2g}x a full scan; peak RSS {run.largest / 1e6:.0f} MB)"
        if "every pair" in name:
            out.figure(f"  {name}: {detail}")
        else:
            out.target(f"{name} answers in <= 0.5 s on {events:,} events", took <= 0.5, detail)


def _full_scan(path: Path) -> float:
    conn = sqlite3.connect(path)
    start = time.perf_counter()
    conn.execute("SELECT count(*), max(evidence) FROM events").fetchone()
    took = time.perf_counter() - start
    conn.close()
    return took


if __name__ == "__main__":
    raise SystemExit(main())
