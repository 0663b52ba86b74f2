"""Imported only by the fork server of citydip.parallel: Kiwi, the gazetteer and the lexicons, loaded once.

Each extraction worker is forked from that server, so it starts with all of it ready (no two-second load
per worker) and shares that memory with the others until it writes to it. One short article is extracted
here, since Kiwi finishes loading its model on first use and the lexicons and the prefilter's patterns
compile on first use too.
"""

from citydip.models import Article
from citydip.parallel import screened_extractor

screened_extractor().extract(
    Article(
        id="preload", text="서울시는 지난 3일 일본 도쿄도와 우호도시 협약을 맺었다.", published="2024-05-06"
    )
)
