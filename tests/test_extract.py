"""Extraction rules on short articles written for these tests (not news text), one rule a case."""

from __future__ import annotations

import pytest

from citydip.extract import Extractor
from citydip.extract.partners import japanese_standard_spelling, one_sense
from citydip.models import Article


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def run(extractor: Extractor, text: str, published: str = "2024-05-22"):
    return extractor.extract(Article(id="t", text=text, published=published))


def summary(result) -> set[tuple]:
    """(type, level, partner name_ko, date) for every event and partner."""
    return {(e.type, e.level, p.name_ko, e.date) for e in result.events for p in e.partners}


def pairs(result) -> set[tuple[str, str]]:
    return {(e.type, p.name_ko) for e in result.events for p in e.partners}


# (text, expected subset of (type, level, partner, date), forbidden (type, partner) pairs)
CASES = [
    (
        "대구시는 중국 칭다오시와 자매결연을 맺었다고 22일 밝혔다.",
        {("agreement", "sister", "칭다오", "2024-05")},
        set(),
    ),
    (
        "대구시는 지난 20일 일본 요코하마시와 우호도시 협약을 체결했다.",
        {("agreement", "friendship", "요코하마", "2024-05-20")},
        set(),
    ),
    (
        "광주시는 베트남 하노이와 친선도시 협약을 맺었다고 22일 밝혔다.",
        {("agreement", "amity", "하노이", "2024-05")},
        set(),
    ),
    (
        "부산시는 21일 미국 시애틀시와 기후 협력 업무협약(MOU)을 체결했다.",
        {("agreement", "mou", "시애틀", "2024-05-21")},
        set(),
    ),
    # per-partner rank in one sentence
    (
        "인천시는 지난 21일 일본 후쿠오카시와 자매결연을, 대만 타이베이시와 우호도시 협약을 맺었다.",
        {
            ("agreement", "sister", "후쿠오카", "2024-05-21"),
            ("agreement", "friendship", "타이베이", "2024-05-21"),
        },
        set(),
    ),
    # per-partner date in a history list
    (
        "울산시는 1991년 미국 포틀랜드시, 1995년 중국 창춘시와 자매결연을 했다.",
        {("agreement", "sister", "포틀랜드", "1991"), ("agreement", "sister", "창춘", "1995")},
        set(),
    ),
    # a tie that follows earlier ones: each earlier partner is an agreement of the same rank, with its year
    (
        "익산시는 터키 부르사시와 자매결연을 맺었다고 22일 밝혔다. 부르사시는 1998년 일본 나라시, "
        "2005년 중국 항저우시에 이어 익산시의 세 번째 자매도시가 됐다.",
        {
            ("agreement", "sister", "나라", "1998"),
            ("agreement", "sister", "항저우", "2005"),
        },
        set(),
    ),
    (
        "김해시는 호주 시드니시(2001년), 미국 시애틀시(2008년)와 이어 세 번째 우호도시로 캐나다 밴쿠버시를 맞았다.",
        {("agreement", "friendship", "시드니", "2001"), ("agreement", "friendship", "시애틀", "2008")},
        set(),
    ),
    # a foreign region before a town the gazetteer does not know only locates it: no partner from the region
    (
        "청주시는 22일 미국 버지니아주 로어노크시와 자매결연 협약을 체결했다.",
        set(),
        {("agreement", "버지니아주"), ("agreement", "버지니아")},
    ),
    (
        "구미시는 일본 교토부 조요시와 우호도시 협정을 맺었다고 22일 밝혔다.",
        set(),
        {("agreement", "교토부"), ("agreement", "교토")},
    ),
    (
        "익산시는 22일 미국 워싱턴주 그랜트카운티와 자매결연 협약을 체결했다.",
        set(),
        {("agreement", "워싱턴주"), ("agreement", "워싱턴")},
    ),
    # a town the gazetteer does not know becomes a partner of its own, as written, in its region's country
    (
        "횡성군은 22일 일본 돗토리현 야즈정과 우호교류 협정을 체결했다.",
        {("agreement", "friendship", "야즈정", "2024-05-22")},
        {("agreement", "돗토리현")},
    ),
    # … or after its country ('필리핀 즈베르딕시', a name written for this test), and a numbered district
    # takes its city's name ('파리 17구')
    (
        "정선군은 22일 필리핀 즈베르딕시와 업무협약을 체결했다.",
        {("agreement", "mou", "즈베르딕시", "2024-05-22")},
        set(),
    ),
    # a tie's list as a sentence of its own: '…의 자매도시는 A, B 등 …' (domestic ones too)
    (
        "한편 마포구의 자매도시는 일본 오사카시, 미국 시애틀시 등 해외 2곳과 전남 강진군, 충북 단양군 등 국내 2곳이다.",
        {
            ("agreement", "sister", "오사카", None),
            ("agreement", "sister", "시애틀", None),
            ("agreement", "sister", "강진군", None),
            ("agreement", "sister", "단양군", None),
        },
        set(),
    ),
    # the towns of a list after one country are each such a town (names written for this test)
    (
        "횡성군은 22일 일본 즈베르딕정·흐르샘촌과 우호교류 협정을 체결했다.",
        {
            ("agreement", "friendship", "즈베르딕정", "2024-05-22"),
            ("agreement", "friendship", "흐르샘촌", "2024-05-22"),
        },
        set(),
    ),
    # a suffix written apart counts when the name sounds like a place there ('산마테오 시' is San Mateo, Rizal)…
    (
        "해남군 관계자들은 지난 8일 필리핀 산마테오 시, 아마데오 시를 방문하고 계절근로자 협약을 맺었다.",
        {("visit", None, "산마테오", "2024-05-08"), ("visit", None, "아마데오", "2024-05-08")},
        set(),
    ),
    # … and not otherwise: '방문 시' is 'when visiting'
    (
        "해남군수는 필리핀 방문 시 현지 시장과 면담했다.",
        set(),
        {("meeting", "방문 시"), ("meeting", "방문시")},
    ),
    # an unknown town that sounds like a GeoNames place of its country is that place (Bauang, La Union)
    (
        "정선군은 22일 필리핀 바왕시와 업무협약을 체결했다.",
        {("agreement", "mou", "바왕", "2024-05-22")},
        {("agreement", "바왕시")},
    ),
    (
        "양천구는 22일 프랑스 파리 17구와 자매결연을 맺었다.",
        {("agreement", "sister", "파리 17구", "2024-05-22")},
        {("agreement", "파리")},
    ),
    # a Chinese county written in the Sino-Korean reading of its characters is the county of China's list
    # (灌南县 Guannan, 관난현), and its province only locates it
    (
        "증평군은 22일 중국 강소성 관남현과 자매결연을 맺었다.",
        {("agreement", "sister", "관난현", "2024-05-22")},
        {("agreement", "장쑤성"), ("agreement", "관남현")},
    ),
    # a town's office, head or council right after its name is the town ('준모드시청을 방문', '마갈랑시장과')
    (
        "양주시 대표단은 22일 몽골 준모드시청을 방문해 우호교류 협약을 체결했다.",
        {("visit", None, "준모드", "2024-05-22"), ("agreement", "friendship", "준모드", "2024-05-22")},
        set(),
    ),
    (
        "보은군수는 22일 필리핀 마갈랑시장과 만나 계절근로자 업무협약을 체결했다.",
        {("meeting", None, "마갈랑", "2024-05-22")},
        set(),
    ),
    # the two sides discussing something is a meeting with the partner named before ('양 시는 … 논의했다')
    (
        "김해시는 미국 레이크우드시 대표단이 22일 김해를 방문했다고 밝혔다. 양 시는 관광 교류 방안을 논의했다.",
        {("visit", None, "레이크우드", "2024-05-22"), ("meeting", None, "레이크우드", "2024-05-22")},
        set(),
    ),
    # … but '양시' inside a town's name ('심양시는') is that town speaking, not the two sides
    (
        "김해시는 중국 심양시 대표단이 22일 김해를 방문했다고 밝혔다. 심양시는 교류 방안을 논의했다.",
        {("visit", None, "선양", "2024-05-22")},
        {("meeting", "선양")},
    ),
    # a courtesy call written as a noun after the official it is paid to is a meeting ('광명시장 예방,'); after
    # any other word 예방 is prevention ('시장 화재 예방')
    (
        "광명시는 일본 사카이시 대표단이 지난 20일 시청을 찾아 광명시장 예방, 시의회 방문 등의 일정을 소화했다고 밝혔다.",
        {("visit", None, "사카이", "2024-05-20"), ("meeting", None, "사카이", "2024-05-20")},
        set(),
    ),
    (
        "광명시는 지난 20일 일본 사카이시 대표단과 함께 시장 화재 예방 점검에 나섰다.",
        set(),
        {("meeting", "사카이")},
    ),
    # the region stays a partner when what follows is a common word, not a town
    (
        "충청북도는 22일 중국 헤이룽장성 당시 성장과 자매결연 협약을 체결했다.",
        {("agreement", "sister", "헤이룽장성", "2024-05-22")},
        set(),
    ),
    # programme words in a sentence that signs an agreement are its content: no exchange event of their own
    (
        "강서구는 22일 전남 여수시와 문화교류와 청소년 교류를 위한 자매결연 협약을 체결했다.",
        {("agreement", "sister", "여수시", "2024-05-22")},
        {("exchange", "여수시")},
    ),
    (
        "강서구는 22일 자매도시인 일본 나라시에 청소년 교류단을 파견했다.",
        {("exchange", None, "나라", "2024-05-22")},
        set(),
    ),
    # a tie's programme ('상호 방문', '교환 방문', '방문교류') is no trip; travellers' destinations are no city's visit
    (
        "홍천군은 현재 서울 강동구(1992년)·은평구(2019년)와 자매결연을 맺고 축제 상호 방문과 직거래 장터를 운영하고 있다.",
        {("agreement", "sister", "강동구", "1992"), ("agreement", "sister", "은평구", "2019")},
        {("visit", "강동구"), ("visit", "은평구")},
    ),
    (
        "울주군은 1998년 미국 리버사이드시와 결연한 뒤 해마다 교환 방문으로 청소년 교류를 이어 왔다.",
        {("agreement", "sister", "리버사이드", "1998")},
        {("visit", "리버사이드")},
    ),
    (
        "부산시는 22일 한국인이 가장 많이 방문한 해외 여행지로 일본 후쿠오카와 오사카가 꼽혔다고 밝혔다.",
        set(),
        {("visit", "후쿠오카"), ("visit", "오사카")},
    ),
    # a town the gazetteer does not know, glossed in Hanja, still makes its prefecture a locator
    (
        "남해군은 22일 일본 가고시마현 이사시(伊佐市)를 공식 방문했다.",
        set(),
        {("visit", "가고시마현"), ("visit", "가고시마")},
    ),
    # a place that only says where another lies is no partner ('…에 위치한', '…의 최북단에')
    (
        "광주시는 22일 미국 텍사스주에 위치한 샌안토니오시와 자매결연 40주년 기념 협약을 맺었다.",
        {("agreement", "sister", "샌안토니오", "2024-05-22")},
        {("agreement", "텍사스주"), ("agreement", "텍사스")},
    ),
    # neighbourhood committees twinning: the cities they belong to are no partners
    (
        "동두천시 불현동 주민자치위원회는 22일 남양주시 조안면 주민자치위원회와 자매결연 협약을 체결했다.",
        set(),
        {("agreement", "남양주시"), ("agreement", "남양주")},
    ),
    # … also numbered ones and in a headline's list ('호원2동', '신월 2동', '…면, …동과')
    (
        "청송군 진보면, 구리시 교문2동과 자매교류 협정 체결\n두 지역 주민자치위원회는 22일 협정을 맺었다.",
        set(),
        {("agreement", "구리시"), ("agreement", "구리")},
    ),
    (
        "고창군 상하면은 22일 서울시 강서구 화곡 3동과 자매결연을 체결했다.",
        set(),
        {("agreement", "강서구"), ("agreement", "서울 강서구")},
    ),
    # a reporter posted in a place, an organisation named with it, a games held there: no partners
    (
        "군산시는 22일 중국 옌타이시와 우호 협약을 맺었다고 산둥성 특파원이 전했다.",
        {("agreement", "friendship", "옌타이", "2024-05-22")},
        {("agreement", "산둥성")},
    ),
    (
        "충주시는 22일 흑룡강성대외우호협회의 지지로 중국 다칭시와 우호도시 협약을 체결했다.",
        {("agreement", "friendship", "다칭", "2024-05-22")},
        {("agreement", "헤이룽장성")},
    ),
    (
        "증평군은 22일 중국 우시와 자매결연을 맺고 베이징 올림픽 관광객 유치에 나섰다.",
        {("agreement", "sister", "우시", "2024-05-22")},
        {("agreement", "베이징")},
    ),
    # a university, a hospital or a national body as the subject: its agreement or trip is not the city's
    (
        "세종시 조치원에 캠퍼스를 둔 중부대는 22일 중국 하얼빈의 직업학원과 교류협정을 체결했다.",
        set(),
        {("agreement", "하얼빈")},
    ),
    (
        "포항시는 러시아 연해주 사령관 일행이 22일 시를 방문했다고 밝혔다.",
        set(),
        {("visit", "연해주")},
    ),
    (
        "밀양시 교동행정복지센터는 22일 김해시 내외동을 방문해 자매결연 교류 행사를 가졌다.",
        set(),
        {("visit", "김해시"), ("agreement", "김해시"), ("visit", "밀양시")},
    ),
    # a dateline names where the report was filed; an event named after a place is no partner
    (
        "[대구=동양뉴스] 달서구는 22일 자매결연 도시인 광주 북구에 마스크를 지원했다.",
        {("aid", None, "광주 북구", "2024-05-22")},
        {("aid", "대구")},
    ),
    (
        "경상북도는 22일 터키 이스탄불경주세계문화엑스포 참가를 위해 도지사가 출국했다고 밝혔다.",
        set(),
        {("forum", "이스탄불"), ("visit", "이스탄불")},
    ),
    # a Chinese city before a district the gazetteer does not know only locates it
    (
        "인천 중구는 22일 중국 산동성 위해시 환취구 대표단이 방문했다고 밝혔다.",
        set(),
        {("visit", "웨이하이")},
    ),
    # historical friendship then the current upgrade in one sentence
    (
        "대전시는 지난 2012년 5월 우호도시 협약을 맺은 헝가리 부다페스트와 12년 만에 자매도시로 격상하는 협정을 체결했다.",
        {
            ("agreement", "friendship", "부다페스트", "2012-05"),
            ("agreement", "sister", "부다페스트", None),
        },
        set(),
    ),
    # planned event
    (
        "대구시장은 오는 28일 프랑스 리옹을 방문해 리옹 시장과 회담할 예정이다.",
        {("visit", None, "리옹", "2024-05-28"), ("meeting", None, "리옹", "2024-05-28")},
        set(),
    ),
    # negation and wishes are no events
    ("대구시는 칭다오시와 자매결연을 추진했지만 체결하지 못했다.", set(), {("agreement", "칭다오")}),
    ("시장은 언젠가 파리를 방문하고 싶다고 말했다.", set(), {("visit", "파리")}),
    # a city compared with is no partner
    (
        "서울시는 광장을 미국 뉴욕 타임스스퀘어처럼 꾸미는 행사를 연다.",
        set(),
        {("exchange", "뉴욕"), ("visit", "뉴욕")},
    ),
    # tourists' trips are not city diplomacy
    ("크루즈 관광객들은 부산을 둘러본 뒤 일본 나가사키로 떠났다.", set(), {("visit", "나가사키")}),
    # nor are a team's, a club's or a company's trips and meetings
    (
        "여자 배구 대표팀은 이달 말 일본 오사카에서 열리는 친선 대회에서 태국과 만난다.",
        set(),
        {("meeting", "오사카"), ("visit", "오사카")},
    ),
    (
        "수출 업체 관계자들은 지난달 베트남 하노이를 방문해 바이어와 상담했다.",
        set(),
        {("visit", "하노이")},
    ),
    # ... while the city's delegation with them still travels
    (
        "대구시 대표단은 지난달 베트남 하노이를 방문해 현지 기업 관계자들과 만났다.",
        {("visit", None, "하노이", "2024-04")},
        set(),
    ),
    # a company placed by its seat, a university's short name, a club's match: no city as partner
    (
        "울산시는 20일 스웨덴 예테보리에 본사를 둔 배터리 기업과 투자협약을 체결했다.",
        set(),
        {("agreement", "예테보리")},
    ),
    ("광주시는 캐나다 밴쿠버 소재 게임 업체와 업무협약을 맺었다.", set(), {("agreement", "밴쿠버")}),
    (
        "대구시는 경북대가 일본 히로시마대와 학술교류 협정을 맺었다고 밝혔다.",
        set(),
        {("agreement", "히로시마")},
    ),
    ("안양시는 안양FC가 중국 톈진 취안젠과 친선 경기를 가졌다고 밝혔다.", set(), {("exchange", "톈진")}),
    # a meeting with a private party abroad is no meeting with the city
    (
        "인천시는 태국 방콕의 한 호텔에서 설명회를 열고 현지 여행사 대표들과 만났다.",
        set(),
        {("meeting", "방콕")},
    ),
    # ... but the city met in the same sentence, or signing with a city and firms, still counts
    (
        "대구시장은 21일 오사카 시장과 만난 뒤 현지 교민들과 만났다.",
        {("meeting", None, "오사카", "2024-05-21")},
        set(),
    ),
    (
        "대구시장은 지역 기업 대표들과 함께 21일 베트남 하노이를 방문해 하노이 시장과 면담했다.",
        {("visit", None, "하노이", "2024-05-21"), ("meeting", None, "하노이", "2024-05-21")},
        set(),
    ),
    (
        "부산시는 21일 일본 후쿠오카시 및 현지 기업과 수소 협력 업무협약을 체결했다.",
        {("agreement", "mou", "후쿠오카", "2024-05-21")},
        set(),
    ),
    # equipment given to a foreign city is aid, as relief is
    (
        "충청남도는 몽골 울란바토르시에 소방차 5대를 기증했다.",
        {("aid", None, "울란바토르", "2024-05")},
        set(),
    ),
    # another Korean government opening a sentence that never names the actor acts for itself
    (
        "강릉시는 22일 시청에서 시정 설명회를 열었다. 평창군은 관내 기업 12곳과 일자리 협약을 맺었다.",
        set(),
        {("agreement", "평창군")},
    ),
    (
        "서울시는 22일 상주시와 협력하기로 했다고 밝혔다. 상주시는 서울시와 우호교류협약을 맺었다.",
        {("agreement", "friendship", "상주시", "2024-05-22")},
        set(),
    ),
    # the venue where the actor met someone from elsewhere
    (
        "대구시장은 21일 도쿄에서 오사카 시장과 면담했다.",
        {("meeting", None, "오사카", "2024-05-21")},
        {("meeting", "도쿄")},
    ),
    # a locator is no partner of its own
    (
        "송파구는 독일 베를린 슈테글리츠-첼렌도르프구와 자매결연 협정서에 서명했다.",
        {("agreement", "sister", "슈테글리츠-첼렌도르프구", None)},
        {("agreement", "베를린")},
    ),
    # a person's name spelled by foreign towns
    (
        "마르틴 호른 프라이부르크 시장이 수원시를 방문했다. 수원시는 프라이부르크와 협력하기로 했다.",
        set(),
        {("visit", "마르틴"), ("visit", "호른")},
    ),
    # discussing with the partner's officials is a meeting (spec), unless it happens at a forum
    (
        "부시장은 일본 오사카, 대만 가오슝 등 2개 도시의 부시장단과 교류 방안을 모색했다.",
        {("meeting", None, "오사카", "2024-05")},
        set(),
    ),
    (
        "시장은 C40 총회에 참석해 런던, 파리 등 8개 도시 시장과 기후 대응 방안을 논의했다.",
        {("forum", None, "런던", "2024-05")},
        {("meeting", "런던")},
    ),
    # counted, unnamed cities give no partners
    ("포럼에는 30개국 50개 도시 대표단이 참석했다.", set(), set()),
    # relation named in passing
    (
        "제주시의 지원 대상은 자매도시인 중국 구이린시와 우호도시인 쿤산시, 양저우시다.",
        {
            ("agreement", "sister", "구이린", None),
            ("agreement", "friendship", "쿤산", None),
            ("agreement", "friendship", "양저우", None),
        },
        set(),
    ),
    (
        "시는 10월 미국 볼티모어, 중국 다롄 등 12개 자매도시의 시장을 초청해 정상회의를 연다.",
        {("agreement", "sister", "볼티모어", None), ("agreement", "sister", "다롄", None)},
        set(),
    ),
    (
        "종로구는 해외에서는 중국 베이징시 차오양구와 자매 관계를 이어오고 있다.",
        {("agreement", "sister", "차오양구", None)},
        set(),
    ),
    # relief wording counts in an article about relief
    (
        "제주시는 코로나19 피해를 겪는 중국 구이린시에 마스크를 보내기로 했다.",
        {("aid", None, "구이린", None)},
        set(),
    ),
    ("제주시는 중국 구이린시에 홍보 책자를 보내기로 했다.", set(), {("aid", "구이린")}),
    # a list told before its rank, with words between ('… 등 오래 교류해 온 해외자매도시와')
    (
        "군은 일본 가와고에, 중국 창저우, 미국 레드먼드 등 10년 넘게 교류해 온 해외자매도시와 청소년 사업을 함께하고 있다.",
        {("agreement", "sister", "창저우", None), ("agreement", "sister", "레드먼드", None)},
        set(),
    ),
    # … but not across a clause's end: the places are the tourists' cities, not ties
    (
        "구는 이탈리아 로마, 스페인 마드리드 등 남유럽 도시의 관광객을 모았고 자매도시와 축제를 연다.",
        set(),
        {("agreement", "로마"), ("agreement", "마드리드")},
    ),
    # an official's full name around a title: given names before a surname that is a town, a title written
    # before the name in brackets, a given name of several syllables before the office
    (
        "김해시는 20일 포르투갈 신트라시를 방문해 마리아 오르타 시장과 우호도시 협약을 체결했다.",
        {("agreement", "friendship", "신트라", "2024-05-20")},
        {("agreement", "오르타"), ("visit", "오르타")},
    ),
    (
        "안성시는 20일 미국 브레아시(시장 제임스 무어)와 자매결연을 맺었다.",
        {("agreement", "sister", "브레아", "2024-05-20")},
        {("agreement", "무어")},
    ),
    (
        "충주시는 20일 일본 무사시노시 무라카미 다카마사 시장 일행과 면담했다.",
        {("meeting", None, "무사시노", "2024-05-20")},
        {("meeting", "무라카미")},
    ),
    # a town named again before an official's full name stays the town
    (
        "시장은 20일 우크라이나 키이우를 방문했다. 시장은 키이우 올렉산드르 코발 부시장과 만나 복구 지원을 논의했다.",
        {("meeting", None, "키이우", "2024-05-20")},
        set(),
    ),
    # a foreign town written after its country or region in another spelling of a place the tables know
    # (pinyin's zhou written 조우) is that place; a Korean word before 시 is none ('이동시', when moving)
    (
        "영천시는 20일 중국 장쑤성 쑤조우시와 우호도시 협약을 체결했다.",
        {("agreement", "friendship", "쑤저우", "2024-05-20")},
        set(),
    ),
    ("영주시 대표단은 20일 중국 이동시 현지 관계자와 면담했다.", set(), {("meeting", "이퉁현")}),
    # a foreign name right after its country without a suffix, which sounds like a place there; not a
    # person's name before a title
    (
        "영덕군은 20일 포르투갈 아베이루와 우호교류 협약을 맺었다.",
        {("agreement", "friendship", "아베이루", "2024-05-20")},
        set(),
    ),
    ("영덕군은 20일 이탈리아 세르조 마타렐라 대통령과 만났다.", set(), {("meeting", "체르키오")}),
    # a list of one country's towns goes on past a town the tables know
    ("영월군은 20일 중국 옌지시와 무단쟝시를 방문했다.", {("visit", None, "무단장", "2024-05-20")}, set()),
    # a foreign name written in two words after its region: the town, and its region only locates it
    (
        "영주시는 20일 미국 뉴멕시코주 라스 크루시스시와 자매결연을 맺었다.",
        {("agreement", "sister", "라스크루시스", "2024-05-20")},
        {("agreement", "뉴멕시코주")},
    ),
    # places told before their country in brackets
    (
        "경주시는 20일 협약 도시인 아그리젠토‧소렌토(이탈리아) 대표단과 면담했다.",
        {("meeting", None, "아그리젠토", "2024-05-20"), ("meeting", None, "소렌토", "2024-05-20")},
        set(),
    ),
    # '한편' with the actor and a Korean partner as one subject: the actor keeps the passage, the tie is read
    (
        "강진군은 20일 함양군과 관광 활성화를 위한 업무협약을 체결했다고 21일 밝혔다.\n"
        "한편 강진군과 함양군은 2001년 자매결연을 맺었다.",
        {("agreement", "sister", "함양군", "2001"), ("agreement", "mou", "함양군", "2024-05-20")},
        set(),
    ),
    # a stay that ends on the day told ('…일까지 3박 4일'): the visit starts days before it
    (
        "고성군 대표단은 지난 20일까지 3박 4일 일정으로 자매도시인 일본 구시로시를 방문했다.",
        {("visit", None, "구시로", "2024-05-17")},
        set(),
    ),
    # a stay told after a day without 까지 leaves that day the start
    (
        "고성군 대표단은 지난 17일 자매도시인 일본 구시로시를 방문해 나흘간 머물렀다.",
        {("visit", None, "구시로", "2024-05-17")},
        set(),
    ),
    # a Sino-Korean reading shared by several Chinese places is the prefecture-level city's (镇江, not 晋江;
    # 铜川's seat, not a smaller record of that name)
    (
        "목포시는 중국 강소성 진강시와 우호교류 의향서를 체결했다고 22일 밝혔다.",
        {("agreement", "friendship", "전장", "2024-05")},
        {("agreement", "진장")},
    ),
    (
        "영주시 대표단이 지난 20일 중국 동천시를 방문해 교류 방안을 논의했다.",
        {("visit", None, "퉁촨", "2024-05-20")},
        set(),
    ),
    # a European town heard with tense consonants (뚜르) is the standard spelling's (투르); a Vietnamese one,
    # whose standard spelling has them, stays as written
    (
        "창원시는 지난 20일 프랑스 뚜르시와 문화 교류 협약을 맺었다고 밝혔다.",
        {("agreement", "mou", "투르", "2024-05-20")},
        {("agreement", "뚜르시")},
    ),
    (
        "창원시는 지난 20일 베트남 뜨선시와 문화 교류 협약을 맺었다고 밝혔다.",
        {("agreement", "mou", "뜨선시", "2024-05-20")},
        set(),
    ),
    # pinyin sh written with a glide at a name's start (샤오싱 for the standard 사오싱)
    (
        "김해시 대표단은 지난 20일 중국 저장성 샤오싱시를 찾아 경제 교류를 논의했다.",
        {("visit", None, "사오싱", "2024-05-20")},
        set(),
    ),
    # a conference named in quotes, a conference of local governments, a congress of partner cities
    (
        "영월군은 지난 14일 일본 나라현에서 열린 '제9회 한·일 지방정부 교류회의'에 참석했다.",
        {("forum", None, "나라현", "2024-05-14")},
        set(),
    ),
    (
        "서구는 지난 8일 중국 후난성 창사에서 열린 국제우호도시 대회에 참가했다.",
        {("forum", None, "창사", "2024-05-08")},
        set(),
    ),
    ("청주시 선수단은 지난 8일 중국 창사에서 열린 태권도 대회에 참가했다.", set(), {("forum", "창사")}),
    # '우호교류 협력협정' and '우호 제휴 협정' carry the friendship rank; a bare 협력 협정 is a memorandum
    (
        "전남도는 지난 7일 중국 허난성과 우호교류 협력협정을 체결했다.",
        {("agreement", "friendship", "허난성", "2024-05-07")},
        set(),
    ),
    (
        "강릉시는 1998년 4월 일본 아키타현 오다테시와 우호 제휴 협정을 맺었다.",
        {("agreement", "friendship", "오다테", "1998-04")},
        set(),
    ),
    (
        "대구시는 지난 8일 중국 하얼빈시와 과학기술 협력 협정을 체결했다.",
        {("agreement", "mou", "하얼빈", "2024-05-08")},
        set(),
    ),
    # an explicit memorandum is mou even when rank words qualify it
    (
        "아산시는 지난 11일 몽골 에르데네트시와 우호교류 양해각서(MOU)를 체결했다.",
        {("agreement", "mou", "에르데네트", "2024-05-11")},
        set(),
    ),
    # an agreement signed with an association, a chamber or a company abroad is not the city's
    (
        "김해시 대표단은 지난 3일 덴마크 오르후스에서 현지 한인무역인협회와 업무협약(MOU)을 체결했다.",
        set(),
        {("agreement", "오르후스")},
    ),
    (
        "김해시는 지난 3일 덴마크 오르후스시와 업무협약(MOU)을 체결했다.",
        {("agreement", "mou", "오르후스", "2024-05-03")},
        set(),
    ),
    # a tie named in passing does not absorb an unranked agreement signed now
    (
        "함안군은 자매도시인 베트남 후에시를 방문했다. 군수는 지난 4일 후에시와 농업 교류협약을 맺었다.",
        {("agreement", "mou", "후에", "2024-05-04"), ("agreement", "sister", "후에", None)},
        set(),
    ),
    # a rank written right before its place, without a copula, names that tie
    (
        "안동시 대표단이 자매도시 일본 나가사키시 축제에 초청을 받아 지난 9일 나가사키시를 방문했다.",
        {("agreement", "sister", "나가사키", None), ("visit", None, "나가사키", "2024-05-09")},
        set(),
    ),
    (
        "시는 자매도시 교류 확대를 위해 지난 5일 영국 런던을 방문했다.",
        {("visit", None, "런던", "2024-05-05")},
        {("agreement", "런던")},
    ),
    # policy learnt by seeing the other city's good practice; an ongoing practice is not an event
    (
        "지난 7일 대구를 방문한 독일 라이프치히 시장은 대구시의 우수 정책들을 시찰하고 돌아갔다.",
        {("policy", None, "라이프치히", "2024-05-07")},
        set(),
    ),
    (
        "포항시는 독일 킬시와 해마다 직원을 보내 두 도시의 우수 행정사례를 공유하고 있다.",
        set(),
        {("policy", "킬")},
    ),
    # another Korean government's tie told in passing ('한편 B시는 C군과 … 자매결연을 맺었다') is not the actor's
    (
        "충북 제천시는 이날 행사를 열었다고 밝혔다. 한편 경기 안성시는 전남 강진군과 2001년 자매결연을 맺었다.",
        set(),
        {("agreement", "강진군"), ("agreement", "안성시")},
    ),
    (
        "경남 밀양시는 10일 전북 고창군과 자매결연 협약을 맺었다.",
        {("agreement", "sister", "고창군", "2024-05-10")},
        set(),
    ),
    # policy words in a tie's history, a hope, a discussion or a promise are not a policy event
    (
        "보령시와 일본 이즈모시는 2015년 우호도시 협정 이후 행정 분야 벤치마킹과 청소년 교류를 이어왔다.",
        {("agreement", "friendship", "이즈모", "2015")},
        {("policy", "이즈모")},
    ),
    (
        "이즈모시 공무원 3명은 지난 5일 보령시를 찾아 스마트 농업 정책을 벤치마킹했다.",
        {("policy", None, "이즈모", "2024-05-05")},
        set(),
    ),
    # the rank noun 자매결연도시 names a tie in passing, not a new act dated by the visit around it
    (
        "광양시의 자매결연 도시인 중국 후저우시 대표단이 지난 3일 광양시를 찾았다.",
        {("visit", None, "후저우", "2024-05-03"), ("agreement", "sister", "후저우", None)},
        set(),
    ),
    # consolation money is aid; a letter of thanks sent in an article about relief is not
    (
        "자매도시인 일본 도야마현이 지진 피해 복구에 써 달라며 경상북도에 위로금을 보내왔다.",
        {("aid", None, "도야마현", "2024-05")},
        set(),
    ),
    (
        "경상북도는 지진 피해 복구를 도운 자매도시 일본 도야마현 지사에게 감사 서한을 보냈다.",
        set(),
        {("aid", "도야마현")},
    ),
    # a table or a bulleted list under a heading of ties: each row is a tie of the heading's rank, with its date
    (
        "군포시 해외 자매도시 현황\n\n도시 | 나라 | 결연일\n오타와시 | 캐나다 | 1998년 4월 2일\n"
        "마쓰야마시 | 일본 | 2004년 11월 9일",
        {("agreement", "sister", "오타와", "1998-04-02"), ("agreement", "sister", "마쓰야마", "2004-11-09")},
        set(),
    ),
    (
        "군포시 자매·우호도시\n- 캐나다 오타와시 (1998. 4. 2.)\n- 일본 마쓰야마시 (2004. 11. 9. 우호협력)",
        {
            ("agreement", "sister", "오타와", "1998-04-02"),
            ("agreement", "friendship", "마쓰야마", "2004-11-09"),
        },
        set(),
    ),
    # a bulleted list under an ordinary sentence is no table of ties
    (
        "군포시는 올해 해외 교류 사업을 펼친다.\n- 캐나다 오타와시 청소년 초청 (2024. 4. 2.)",
        set(),
        {("agreement", "오타와")},
    ),
    # an agreement pursued, then called off in the same sentence, was never made
    (
        "남해군은 지난달 일본 사카이데시와 자매결연을 추진했지만 상대 의회의 반대로 협약식을 취소했다.",
        set(),
        {("agreement", "사카이데시")},
    ),
    (
        "남해군은 일본 사카이데시와 자매결연을 추진해 지난 3일 협약을 체결했다.",
        {("agreement", "sister", "사카이데시", "2024-05-03")},
        set(),
    ),
    # 출장소 is a branch office, not a trip
    (
        "고령군은 지난 10일 농협 출장소를 통해 자매도시 전남 함평군에 기부금을 보냈다.",
        set(),
        {("visit", "함평군")},
    ),
    # a tie told as a standing state ('…와 자매결연을 맺고 있는 A시') takes no date from the act its sentence
    # reports, only one written before it in its clause ('2000년 이후 … 맺고 있다': since then)
    (
        "마포구와 오랫동안 자매결연을 유지하고 있는 일본 가와사키시 방문단이 지난 20일 마포구청을 찾았다.",
        {("visit", None, "가와사키", "2024-05-20"), ("agreement", "sister", "가와사키", None)},
        set(),
    ),
    (
        "청주시는 중국 우한시와 2000년 이후 자매결연 관계를 맺어오고 있다.",
        {("agreement", "sister", "우한", "2000")},
        set(),
    ),
    # a caption's signing act ('…과 우호협약을 체결하고 있다') is no standing tie: it keeps its day
    (
        "김포시장이 21일 일본 오카야마시장과 우호협약을 체결하고 있다.",
        {("agreement", "friendship", "오카야마", "2024-05-21")},
        set(),
    ),
    (
        "당진시는 지난 13일 미국 앨러미다시를 찾아 자매결연 도시와의 청소년 교류를 넓히기로 했다.",
        {("visit", None, "앨러미다", "2024-05-13")},
        {("agreement", "앨러미다")},
    ),
    # a delegation that discussed something on its trip met the other side
    (
        "구리시 방문단은 지난 10일 일본 이즈미시를 찾았다.\n방문단은 환영 오찬에서 두 도시의 청소년 교류 확대 방안을 논의했다.",
        {("visit", None, "이즈미", "2024-05-10"), ("meeting", None, "이즈미", "2024-05-10")},
        set(),
    ),
    (
        "구리시 방문단은 지난 10일 일본 이즈미시를 찾았다.\n방문단은 이튿날 시내 전통시장과 박물관을 둘러봤다.",
        {("visit", None, "이즈미", "2024-05-10")},
        {("meeting", "이즈미")},
    ),
    # '한편 B군은 … A군과 자매결연을 맺은 도시로': the partner as subject tells its tie with the actor
    (
        "영천시는 지난 9일 일본 이즈모시를 방문했다.\n"
        "한편, 진안군은 지난 2003년 영천시와 자매결연을 맺은 도시로 해마다 농산물을 사고판다.",
        {("agreement", "sister", "진안군", "2003")},
        set(),
    ),
    # a town's name before a separate title is the town, not a given name in -shi, when the article names it as
    # a place too ('류훙 카이펑시 부시장'), and '…시 부시장단' is always the town's delegation: the province
    # before it only locates it
    (
        "군산시 찾은 中 허난성 카이펑시 부시장단, 국제거리축제 참관\n"
        "중국 허난성 카이펑시 대표단이 지난 18일부터 20일까지 군산시를 방문했다.\n"
        '류훙 카이펑시 부시장은 "군산시와 교류를 넓히고 싶다"고 말했다.',
        {("visit", None, "카이펑", "2024-05-18")},
        {("visit", "허난성")},
    ),
    (
        "보령시, 일본 돗토리현 요나고시 시장단 방문\n김동일 시장 요나고시 시장단 접견\n"
        "일본 요나고시 대표단이 지난 15일 보령시를 찾아 교류 확대를 논의했다.",
        {("visit", None, "요나고", "2024-05-15")},
        {("visit", "돗토리현")},
    ),
    # another Korean government marked as a tie's subject or owner, a foreign place named next, is that tie's
    # Korean side, not the actor's partner ('청주시는 우한시와, 제천시는 … 창사시와', '진해시의 … 구레시와의')
    (
        "충주시는 지난 20일 중국 쑤저우시와 우호도시 협약을 맺었다. "
        "도내에서는 청주시는 우한시와, 제천시는 후난성 창사시와 자매결연을 맺고 있다.",
        {("agreement", "friendship", "쑤저우", "2024-05-20")},
        {("agreement", "청주시"), ("agreement", "제천시")},
    ),
    (
        "영암군은 지난 20일 일본 니시와키시와 자매결연을 맺었다. "
        "한일 지자체 교류는 1968년 경남 진해시의 일본 구레시와의 자매결연으로 시작됐다.",
        {("agreement", "sister", "니시와키", "2024-05-20"), ("agreement", "sister", "구레", "1968")},
        {("agreement", "진해구")},
    ),
    # a body named after a place is no government: a port ('웨이하이항'), a state university ('미시간 주립대'),
    # a season's games ('삿포로 동계올림픽'), a public corporation ('천안시 시설관리공단')
    (
        "평택시는 지난 20일 평택항과 중국 웨이하이항이 자매항 협약을 체결했다고 밝혔다.",
        set(),
        {("agreement", "웨이하이")},
    ),
    (
        "강릉시는 지난 20일 미국 미시간 주립대 대표단이 강릉을 방문해 학생 교류를 논의했다고 밝혔다.",
        set(),
        {("visit", "미시간주"), ("meeting", "미시간주")},
    ),
    ("홍성군은 지난 20일 충남 천안시 시설관리공단과 자매결연을 맺었다.", set(), {("agreement", "천안시")}),
    # a tie told only by its rank's anniversary is the old agreement, dated by the anniversary; it claims the
    # place right after '…주년을 맞는' or the one just before it, not the other places of the sentence
    (
        "청주시 대표단은 다음 달 우호도시 제휴 15주년을 맞는 우한시를 찾는다.",
        {("agreement", "friendship", "우한", "2009")},
        set(),
    ),
    (
        "제주도 방문단은 하와이주 일정을 마친 뒤 우호교류 10주년을 맞은 시즈오카현에 들른다.",
        {("agreement", "friendship", "시즈오카현", "2014")},
        {("agreement", "하와이주")},
    ),
    (
        "강원도는 돗토리현과 2028년 우호교류 10주년 기념 사업을 함께 준비한다고 밝혔다.",
        {("agreement", "friendship", "돗토리현", "2018")},
        set(),
    ),
    # a 읍·면·동 of a government as the lead's subject: the unit's twinning is no event of anyone's; a unit only
    # named after the government's own tie leaves the tie
    (
        "정읍시 수성동과 경북 영주시 휴천동이 20일 영주시청에서 자매결연을 맺었다. 두 동은 농산물 직거래를 하기로 했다.",
        set(),
        {("agreement", "영주시"), ("agreement", "정읍시")},
    ),
    (
        "서초구는 20일 충남 예산군과 자매결연을 맺었다. 예산군 대흥면 주민들도 함께했다.",
        {("agreement", "sister", "예산군", "2024-05-20")},
        set(),
    ),
    # a Korean government's full name with a foreign namesake stays Korean where the page names that country
    # elsewhere: the actor is 안산시, not Anshan
    (
        "안산시는 지난 7일 뉴질랜드 넬슨시와 청소년 교류 협약을 맺었다.\n"
        "안산시장은 두 도시가 모두 교류하는 중국 옌타이시와도 협력하겠다고 말했다.",
        {("agreement", "mou", "넬슨", "2024-05-07")},
        set(),
    ),
    # a tie's date written right after its partner made the clause's topic, pair after pair, also for the
    # names joined to that topic; a year before a middle-dot run dates every name of the run
    (
        "한편 여수시의 해외 자매·우호도시는 6개국 9개 도시이며, 중국 항저우·웨이하이시는 1996년부터, "
        "필리핀 세부시는 2009년부터, 일본 가라쓰시는 지난 1982년부터 우호 관계를 맺고 교류를 이어오고 있다.",
        {
            ("agreement", "friendship", "항저우", "1996"),
            ("agreement", "friendship", "웨이하이", "1996"),
            ("agreement", "friendship", "세부", "2009"),
            ("agreement", "friendship", "가라쓰", "1982"),
        },
        set(),
    ),
    (
        "박 전 시장은 2005년 미국 보스턴과 우호도시를 체결한 뒤 2007년 독일 함부르크, "
        "2010년 칠레 산티아고·일본 니가타현·태국 치앙마이와 교류했다.",
        {("agreement", "friendship", "니가타현", "2010"), ("agreement", "friendship", "치앙마이", "2010")},
        set(),
    ),
    # a trigger row that spans a clause holds the date written inside it
    (
        "일본 우베시의 시노다 가즈오 시장 일행이 광양시를 방문했다.\n우베시는 항구와 공업으로 알려진 야마구치현의 "
        "도시다.\n양 도시는 지난 2005년 우호교류협정을 맺은 뒤 교류를 이어 왔다.\n우베시의 시노다 가즈오 시장과 의원 "
        "등 8명으로 구성된 대표단은 지난 3일부터 5일까지 2박 3일의 일정으로 광양시를 방문해 관광 교류 방안을 논의했다.",
        {("meeting", None, "우베", "2024-05-03")},
        set(),
    ),
    # a full name before an official's place and a department's office: the name is a person's, not a town
    (
        "전라남도는 자매결연 28주년을 기념해 존 헤일 오리건주 경제실장이 이끄는 통상대표단이 도청을 방문했다고 "
        "22일 밝혔다. 전라남도와 오리건주는 1996년 자매결연을 맺었다.",
        {("visit", None, "오리건주", "2024-05"), ("agreement", "sister", "오리건주", "1996")},
        {("visit", "헤일"), ("agreement", "헤일")},
    ),
    # a Korean full name that starts with a foreign place's name ('이춘희': Yichun) before an office
    (
        "충주시의회는 중국 장시성을 찾은 이춘희 충주시장이 지난 9일 난창시와 우호교류 의향서에 서명했다고 22일 밝혔다.",
        {("agreement", "friendship", "난창", "2024-05-09")},
        {("agreement", "이춘"), ("visit", "이춘")},
    ),
    # a full name, the office's country and place, then a legislator's office ('… 상원의원')
    (
        "강남구는 지난 10일 빌 마틴 미국 조지아주 상원의원이 구청을 찾아 귀넷카운티와의 교류 확대를 논의했다고 22일 "
        "밝혔다.",
        {("meeting", None, "귀넷카운티", "2024-05-10")},
        {("meeting", "마틴"), ("visit", "마틴")},
    ),
    # a letter of intent is a document, not an intention: signing it is a done act, dated in the past
    (
        "충주시장은 9일 중국 난창시와 우호교류 의향서에 서명했다.",
        {("agreement", "friendship", "난창", "2024-05-09")},
        set(),
    ),
    # 방한용품 (防寒, winter gear) is relief, not a visit to Korea (訪韓)
    (
        "세종시는 몽골 울란바토르시에 방한용품 500점을 지원했다.",
        {("aid", None, "울란바토르", "2024-05")},
        {("visit", "울란바토르")},
    ),
    # an anniversary counts back from the year the clause tells ('지난해'), not the report's; '맺은 지 N년' is one
    (
        "경기도는 지난해 중국 광둥성과 우호교류 30주년을 맞아 교류 행사를 열었다.",
        {("agreement", "friendship", "광둥성", "1993")},
        set(),
    ),
    (
        "안동시는 중국 취푸시와 유교문화 교류 협정을 맺은 지 30년을 맞았다.",
        {("agreement", "mou", "취푸", "1994")},
        set(),
    ),
    # a bare year before the tie is the tie's own, not the anniversary's
    (
        "안동시는 1994년 중국 취푸시와 자매결연을 맺은 뒤 30주년 행사를 열었다.",
        {("agreement", "sister", "취푸", "1994")},
        set(),
    ),
    # a council of Korean and foreign governments: its Korean members are the forum's partners as the foreign
    # ones are; a Korean city where a forum sits is only its venue
    (
        "전라남도는 김 지사가 지난 8일 일본 고치현에서 열린 한일 해협 연안 시도현 교류 지사회의에 참석했다고 11일 "
        "밝혔다. 이번 회의에는 부산시, 경남도, 제주도와 일본 후쿠오카현, 사가현, 나가사키현 등 단체장이 참석해 청년 "
        "교류 방안을 논의했다.",
        {
            ("forum", None, "부산", "2024-05-08"),
            ("forum", None, "경상남도", "2024-05-08"),
            ("forum", None, "후쿠오카현", "2024-05-08"),
        },
        set(),
    ),
    (
        "전남도는 지난 8일 부산 벡스코에서 열린 한일 지사회의에 참석해 일본 후쿠오카현, 사가현 지사와 교류 방안을 "
        "논의했다.",
        {("forum", None, "후쿠오카현", "2024-05-08")},
        {("forum", "부산")},
    ),
    # an official introduced as '<place>의 <name> <title>' is that place's when named again by surname
    (
        "서울 송파구는 22일 구청을 찾은 일본 도쿄도 시부야구의 하세베 겐 구청장에게 명예구민증을 수여했다고 "
        "밝혔다.\n하세베 구청장은 이날 서강석 송파구청장과 만나 두 자치구의 도시재생 정책을 공유했다.",
        {("meeting", None, "시부야구", "2024-05-22")},
        set(),
    ),
    # policies and practices shared, named together before '사례를 공유'
    (
        "강동구는 22일 자매도시인 일본 오타구 대표단을 만나 두 자치구의 돌봄 정책과 골목상권 지원 사례를 공유했다.",
        {("policy", None, "오타구", "2024-05-22")},
        set(),
    ),
    # a delegation sent with its destination named between ('대표단을 … 구마모토현에 파견한다')
    (
        "충남도는 다음 달 15일부터 20일까지 지사를 단장으로 한 대표단을 중국 랴오닝성과 일본 구마모토현에 파견한다고 "
        "3일 밝혔다.",
        {("visit", None, "랴오닝성", "2024-06-15"), ("visit", None, "구마모토현", "2024-06-15")},
        set(),
    ),
    # a bare day inside the trip's span told just before is that span's day ('다음 달 25일부터 29일까지 … 26일'),
    # not the next 26th after the report
    (
        "안동시는 다음 달 25일부터 29일까지 시장을 단장으로 한 대표단을 일본 기리시마시에 파견한다고 22일 밝혔다.\n"
        "대표단은 26일 기리시마시청에서 시장과 만나 교류 방안을 논의한다.",
        {("meeting", None, "기리시마", "2024-06-26"), ("visit", None, "기리시마", "2024-06-25")},
        set(),
    ),
    # the topic's date is not the tie's when a later date stands between it and the act
    (
        "강릉시와 다롄시는 1992년 항로 개설을 기점으로 2001년 자매결연을 맺었다.",
        {("agreement", "sister", "다롄", "2001")},
        set(),
    ),
    # a known foreign place written away from its country in another spelling of its sound, in an article
    # that names the country: a tense consonant written plain (즈궁 for 쯔궁), an aspirated one for a tense one
    # (쾅닌성 for 꽝닌성), つ as 쯔 (마쯔야마 for 마쓰야마); a person's given name before a title is no such
    # place, nor a Sino-Korean reading that sounds like another Chinese place's pinyin (루산 and 러산)
    (
        "광명시는 중국 도시들과 교류를 넓히고 있다. 시는 20일 즈궁시 대표단과 우호도시 협약을 맺었다.",
        {("agreement", "friendship", "쯔궁", "2024-05-20")},
        set(),
    ),
    (
        "춘천시는 베트남 도시들과 교류해 왔다. 시는 21일 쾅닌성과 우호교류 협약을 체결했다.",
        {("agreement", "friendship", "꽝닌성", "2024-05-21")},
        set(),
    ),
    (
        "여수시는 일본 도시들과 교류해 왔다. 시는 21일 마쯔야마시와 자매결연을 맺었다.",
        {("agreement", "sister", "마쓰야마", "2024-05-21")},
        set(),
    ),
    (
        "목포시는 일본 도시들과 교류해 왔다. 20일에는 다나카 마사토시 회장 일행이 목포시를 방문했다.",
        set(),
        {("visit", "마쓰도")},
    ),
    (
        "통영시는 중국 도시들과 교류해 왔다. 시는 20일 루산시와 우호도시 협약을 맺었다.",
        set(),
        {("agreement", "러산")},
    ),
    # an unknown spelling after its country: a place the tables know under a spelling as close or closer
    # than any GeoNames name wins over a place the tables lack (Thái Nguyên, not Tân Uyên)
    (
        "이천시는 20일 베트남 타이응웬시와 우호교류 협약을 맺었다.",
        {("agreement", "friendship", "타이응우옌", "2024-05-20")},
        {("agreement", "타이응웬")},
    ),
    # a US county after its state the tables lack: a one-syllable name ('린카운티', Linn County) and a name
    # written apart from '카운티' are towns of their own; a Korean word before '카운티' is none
    (
        "수성구는 20일 미국 오리건주 린카운티와 자매결연을 맺었다.",
        {("agreement", "sister", "린카운티", "2024-05-20")},
        set(),
    ),
    (
        "남원시는 20일 미국 미시간주 워시트노 카운티와 자매결연을 맺었다.",
        {("agreement", "sister", "워시트노카운티", "2024-05-20")},
        set(),
    ),
    (
        "남원시는 20일 미국 미시간주 방문 카운티 관계자와 자매결연을 맺었다.",
        set(),
        {("agreement", "방문카운티")},
    ),
    # a Japanese long vowel written out ('오오무라', Ōmura): the place the tables spell without it; a surname
    # before a given name and a title is no place
    (
        "강진군은 일본 도시들과 교류해 왔다. 군은 20일 오오무라시 대표단과 우호교류 협약을 맺었다.",
        {("agreement", "friendship", "오무라", "2024-05-20")},
        set(),
    ),
    (
        "강진군은 일본 아키타시와 교류해 왔다. 군수는 20일 오오니시 히로시(大西博) 시장에게 서한을 보내 우호교류 협약 체결을 축하했다.",
        set(),
        {("agreement", "오니시")},
    ),
    # an unknown foreign name with a suffix, away from its country, is a town of the article's only foreign
    # country; not a Korean compound ending like a suffix, and not where the article names two countries
    (
        "영동군은 라오스와 농업 교류를 넓히고 있다. 군은 20일 힌헙군 대표단과 계절근로자 업무협약을 맺었다.",
        {("agreement", "mou", "힌헙군", "2024-05-20")},
        set(),
    ),
    (
        "영동군은 라오스와 농업 교류를 넓히고 있다. 군은 20일 유동인구 조사 업무협약을 맺었다.",
        set(),
        {("agreement", "유동인구")},
    ),
    (
        "영동군은 라오스·캄보디아와 교류한다. 군은 20일 힌헙군 대표단과 업무협약을 맺었다.",
        set(),
        {("agreement", "힌헙군")},
    ),
    # Santa Clara, California, written 산타클라라 as Cuba's Santa Clara is: the country named decides
    (
        "고양시는 20일 미국 캘리포니아의 산타클라라시와 우호협력 협약을 맺었다.",
        {("agreement", "friendship", "샌타클래라", "2024-05-20")},
        set(),
    ),
    (
        "고양시는 20일 쿠바 산타클라라시와 우호협력 협약을 맺었다.",
        {("agreement", "friendship", "산타클라라", "2024-05-20")},
        {("agreement", "샌타클래라")},
    ),
    # no Korean local government takes 현, 성, 부, 정 or 촌: '남원현 기자' is a person, not 남원시
    (
        "[광주=뉴시스]남원현 기자 = 광주 서구는 22일 경북 영주시와 자매결연 협약을 체결했다.",
        {("agreement", "sister", "영주시", "2024-05-22")},
        {("agreement", "남원시")},
    ),
    (
        "광주 서구는 22일 경북 영주시와 자매결연 협약을 체결했다고 남원현 기자가 전했다.",
        {("agreement", "sister", "영주시", "2024-05-22")},
        {("agreement", "남원시")},
    ),
    # a place read only because its country is named nearby is no place when Kiwi reads its bare surface as a
    # Korean common noun ('기타' other, not Kita; '본부' headquarters, not Bonn)
    (
        "속초시는 22일 일본 돗토리현 요나고시 등 기타 도시와 교류 협약을 체결했다.",
        {("agreement", "mou", "요나고", "2024-05-22")},
        {("agreement", "도쿄기타구")},
    ),
    (
        "통영시 대표단은 22일 독일 문화원 본부를 방문했다.",
        set(),
        {("visit", "본")},
    ),
    # a bare title right after a foreign place or a foreign official's name is the partner's mayor: a page
    # where only such a mayor speaks has no Korean side ('라바트 시장은', '타나카미 시장은')
    (
        '모로코 라바트시와 페루 쿠스코시가 지난 21일 자매결연을 맺었다고 현지 매체가 전했다. 라바트 시장은 "두 도시의 우정이 깊어질 것"이라고 말했다.',
        set(),
        {("agreement", "라바트"), ("agreement", "쿠스코")},
    ),
    (
        '페루 쿠스코시와 모로코 라바트시가 지난 21일 자매결연을 맺었다. 이날 협정서에 서명한 타나카미 시장은 "우정이 깊어질 것"이라고 말했다.',
        set(),
        {("agreement", "라바트"), ("agreement", "쿠스코")},
    ),
    # a Korean mayor by his own name still speaks for his city
    (
        "김영수 시장은 22일 일본 오이타시와 자매결연 협약을 체결했다.",
        {("agreement", "sister", "오이타", "2024-05-22")},
        set(),
    ),
    # a region that only tells where the partner lies, without '의': a direction then '에 위치한', the city's seat
    # of government, a region it belongs to
    (
        "중국 황산시는 안후이성 남쪽에 위치한 관광도시로 2010년 구례군과 자매결연을 맺었다.",
        {("agreement", "sister", "황산", "2010")},
        {("agreement", "안후이성")},
    ),
    (
        "시는 일본 미야자키현의 현청 소재지인 미야자키시와 22일 우호교류 협약을 맺었다.",
        {("agreement", "friendship", "미야자키", "2024-05-22")},
        {("agreement", "미야자키현")},
    ),
    (
        "군은 22일 스페인 안달루시아주에 속한 말라가시와 자매결연을 맺었다.",
        {("agreement", "sister", "말라가", "2024-05-22")},
        {("agreement", "안달루시아")},
    ),
    # a region that is the partner itself and is described afterwards stays the partner
    (
        "경기도는 22일 중국 장쑤성과 자매결연을 맺었다. 장쑤성은 중국 동부 연안에 있다.",
        {("agreement", "sister", "장쑤성", "2024-05-22")},
        set(),
    ),
    # an event a report tells as news without a date of its own is dated to the report's month; a tie named in
    # passing keeps no date (it was made years before)
    (
        "시는 자매도시인 일본 오이타시 대표단이 시청을 방문해 시장을 예방했다고 밝혔다.",
        {("visit", None, "오이타", "2024-05"), ("agreement", "sister", "오이타", None)},
        set(),
    ),
    # exchange programmes told by their delegations and works: an exchange delegation received, officials
    # swapped, a joint exhibition; a university's delegation is no city's
    (
        "순창군은 지난 20일 일본 이마리시 우호교류단 30명을 맞아 환영 행사를 열었다.",
        {("exchange", None, "이마리시", "2024-05-20")},
        set(),
    ),
    (
        "논산시는 중국 옌청시에서 온 교환 공무원이 이달부터 6개월간 시청에서 근무한다고 20일 밝혔다.",
        {("exchange", None, "옌청", "2024-05")},
        set(),
    ),
    (
        "한양대학교는 지난 20일 일본 교토시의 대학과 학생 교류단 파견을 협의했다.",
        set(),
        {("exchange", "교토")},
    ),
    # exchange programmes of the two sides: the partner's officials invited for training, a joint monument
    # unveiled; an amity pact (친선교류 협약) is an agreement only, a university's guests no city's
    (
        "광양시는 지난 20일 자매도시인 일본 히라도시 공무원 5명을 초청해 행정 연수를 진행했다.",
        {("exchange", None, "히라도", "2024-05-20")},
        set(),
    ),
    (
        "거창군은 지난 20일 자매도시인 미국 스포캔시와 우정을 기념하는 조형물 제막식을 가졌다.",
        {("exchange", None, "스포캔", "2024-05-20")},
        set(),
    ),
    (
        "거창군은 지난 20일 미국 스포캔시와 친선교류 협약을 맺었다.",
        {("agreement", "amity", "스포캔", "2024-05-20")},
        {("exchange", "스포캔")},
    ),
    (
        "영남대는 지난 20일 일본 후쿠오카시의 학생들을 초청해 문화 체험을 열었다.",
        set(),
        {("exchange", "후쿠오카")},
    ),
    # a council of governors written with a middle dot (지사·성장회의) and a round table of partner cities
    # (원탁회의) are forums
    (
        "제3회 한중 지사·성장회의가 20일 중국 창춘시에서 열려 강원도 부지사가 참석했다.",
        {("forum", None, "창춘", "2024-05-20")},
        set(),
    ),
    (
        "우호도시 원탁회의는 20일 중국 다롄시에서 열렸으며 춘천시장이 참석했다.",
        {("forum", None, "다롄", "2024-05-20")},
        set(),
    ),
    # a word that only a year makes a length ('30년 전통') starts a name after a day ('7일 역사관에서')
    (
        "영광군은 7일 역사문화관에서 일본 오이타시와 자매결연을 맺었다. 두 도시는 20년 전통의 축제를 함께 연다.",
        {("agreement", "sister", "오이타", "2024-05-07")},
        set(),
    ),
    # a bare two-digit year of 50-99 before a place's name, or after 지난 before 에, is a year of the 1900s
    # in a later article too; a count of years ('50년 우정', '70년 역사') stays no date
    (
        "한편 군은 96년 대만 타이난시, 98년 미국 오번시와도 자매결연을 맺었다.",
        {("agreement", "sister", "타이난", "1996"), ("agreement", "sister", "오번", "1998")},
        set(),
    ),
    (
        "구는 지난 93년에 일본 오이타시와 자매결연을 체결했다.",
        {("agreement", "sister", "오이타", "1993")},
        set(),
    ),
    (
        "두 도시는 50년 우정을 이어가며 70년 역사의 축제를 열었다. 군은 일본 벳푸시와 자매결연을 맺었다.",
        {("agreement", "sister", "벳푸", None)},
        set(),
    ),
    # a lead that opens with a dateless summary gives its report day in the next sentence ('21일 A시에 따르면'):
    # an event told without a date then falls in the report's month
    (
        "대구시가 국제육상대회를 발판으로 도시외교에 나선다.\n21일 대구시에 따르면 대회 기간에 해외 자매도시 "
        "대표단이 잇따라 대구를 찾는다.\n이들 도시 중 일본 히로시마시와 중국 칭다오시의 시장이 대구시청을 방문해 "
        "시장과 만난다.",
        {("visit", None, "히로시마", "2024-05"), ("meeting", None, "칭다오", "2024-05")},
        set(),
    ),
    # a gloss in Latin letters or characters between a town's name and its suffix ('A(Sharjah)시'): the town
    # is read as if written without it; a glossed name before a title stays a person
    (
        "보령시는 지난 3일 UAE 샤르자(Sharjah)시와 자매결연을 맺었다.",
        {("agreement", "sister", "샤르자", "2024-05-03")},
        set(),
    ),
    (
        "보령시는 지난 3일 베트남 껀터시 까이랑(Cái Răng)군과 우호협약을 맺었다.",
        {("agreement", "friendship", "까이랑", "2024-05-03")},
        {("agreement", "껀터")},
    ),
    (
        "보령시는 지난 3일 일본 나가노현 다나카(田中)시장과 만났다.",
        set(),
        {("meeting", "다나카시"), ("meeting", "다나카")},
    ),
    # a foreign city's county written 군 after it ('A시 B군'), and a district named with its people's committee
    # ('B구인민위원회'): the county or district is the partner, the city only locates it
    (
        "보성군은 지난 3일 베트남 껀터시 퐁디엔군과 우호교류 협약을 체결했다.",
        {("agreement", "friendship", "퐁디엔", "2024-05-03")},
        {("agreement", "껀터")},
    ),
    (
        "보성군 대표단은 지난 3일 베트남 껀터시 닌끼에우구인민위원회를 찾아 교류 방안을 논의했다.",
        {("visit", None, "닌끼에우구", "2024-05-03")},
        {("visit", "껀터")},
    ),
    (
        "보성군은 지난 3일 베트남 껀터시 군수와 만났다.",
        {("meeting", None, "껀터", "2024-05-03")},
        set(),
    ),
    # a foreign city that only locates the district tied to the actor is no partner of its own, also in a
    # later sentence that names the city alone
    (
        "순천시는 중국 다롄시 간징쯔구와 우호교류 협약을 맺었다고 3일 밝혔다. 이어 다롄시 대표단이 순천을 방문했다.",
        {("agreement", "friendship", "간징쯔구", "2024-05")},
        {("agreement", "다롄"), ("visit", "다롄")},
    ),
    # the city is the tie and the district only a site visited there: the city stays
    (
        "목포시 대표단은 자매도시인 중국 칭다오시를 방문해 시장과 회담했다. 대표단은 이어 스베이구의 산업단지를 방문했다.",
        {("visit", None, "칭다오", "2024-05")},
        set(),
    ),
    # a Japanese surname that is a town whose own name ends in '시' (Kawanishi, Kobayashi), then a given name
    # and an office: a person, not a partner
    (
        "영월군은 일본 시마네현 오난정 대표단이 20일 군청을 찾았다고 밝혔다. 방문단에는 가와니시 겐타 총무과장이 포함돼 내년 교류 일정을 협의했다.",
        {("visit", None, "오난정", "2024-05-20")},
        {("visit", "가와니시")},
    ),
    # … and a given name that is such a town (Choshi) before a surname and an office written with its place
    (
        "조시 밀러 미국 오리건주지사가 12일 전남도청을 방문했다.",
        {("visit", None, "오리건주", "2024-05-12")},
        {("visit", "조시")},
    ),
    # a place that only names a facility written as one word with its kind ('에드먼턴 항공박물관') or a
    # company's local office after the company's Latin name ('오스틴의 KMX 미국법인') is no partner; the city
    # hall visited stays one
    (
        "경남도 대표단은 21일 캐나다 앨버타주와 교류 협약을 맺은 뒤 에드먼턴 항공박물관을 찾아 전시를 둘러봤다.",
        {("agreement", "mou", "앨버타주", "2024-05-21")},
        {("visit", "에드먼턴"), ("agreement", "에드먼턴")},
    ),
    (
        "울산시장은 21일 미국 오스틴의 KMX 미국법인을 방문해 직원들을 격려했다.",
        set(),
        {("visit", "오스틴")},
    ),
    (
        "울산시장은 21일 미국 오스틴시청을 방문해 시장과 면담했다.",
        {("visit", None, "오스틴", "2024-05-21")},
        set(),
    ),
    # … but a facility of the partner's that the actor gives something to keeps the partner
    (
        "충북도는 2011년 결연 20주년을 기념해 미국 포틀랜드 역사박물관에 한국식 정원을 지어 기증했다.",
        {("agreement", "sister", "포틀랜드", "1991")},
        set(),
    ),
]


@pytest.mark.parametrize(("text", "expected", "forbidden"), CASES, ids=[c[0][:18] for c in CASES])
def test_rules(extractor, text, expected, forbidden):
    result = run(extractor, text)
    got = summary(result)
    missing = {e for e in expected if e not in got}
    assert not missing, f"missing {missing}; got {sorted(got, key=str)}"
    assert not (pairs(result) & forbidden), f"forbidden {pairs(result) & forbidden}"


def test_a_units_subject_names_its_government(extractor):
    text = (
        "보성군과 교류 이어가\n인천 부평구 부평1동 주민자치회는 20일 결연 지역인 전남 보성군 벌교읍 "
        "주민자치위원회를 맞아 교류 행사를 열었다고 밝혔다."
    )
    result = run(extractor, text)
    assert result.actor is not None and result.actor.name_ko == "부평구"
    assert not result.events


def test_itinerary_after_a_trip(extractor):
    text = "시장이 9일간의 유럽 순방을 마쳤다. 일정은 다음과 같다.\n△5월 2~3일 프랑스 파리 △5월 4~6일 독일 베를린."
    got = summary(run(extractor, text))
    assert ("visit", None, "파리", "2024-05-02") in got and ("visit", None, "베를린", "2024-05-04") in got


def test_requested_exchange_is_no_event(extractor):
    text = "오클랜드 시장은 청소년 교류 확대를 요청했다."
    assert not any(e.type == "exchange" for e in run(extractor, text).events)
    done = run(extractor, "대구시는 지난 20일 일본 요코하마시에 청소년 교류단을 파견했다.")
    assert ("exchange", "요코하마") in pairs(done)


def test_headline_does_not_run_into_the_next_line(extractor):
    text = "대구시, 요코하마와 우호도시 협약\n도쿄·오사카 등 5개 도시에 관광 홍보"
    assert ("agreement", "도쿄") not in pairs(run(extractor, text))


def test_anniversary_dates_the_old_agreement(extractor):
    text = "대구시는 일본 요코하마시와 자매결연 20주년을 맞아 지난 20일 청소년 교류 협약을 맺었다."
    got = summary(run(extractor, text))
    assert ("agreement", "sister", "요코하마", "2004") in got
    assert any(t == "agreement" and d == "2024-05-20" for t, _, p, d in got if p == "요코하마")


def test_earlier_occurrences_and_continuations(extractor):
    text = (
        "대구시와 미국 애틀랜타시는 2010년 자매결연을 맺었다. 이후 2015년 '경제협력 합의서', 2019년 '교육교류 합의서'를"
        " 차례로 체결했다.\n애틀랜타시가 대구시에 대표단을 보낸 것은 2012년과 2016년에 이어 세 번째다."
    )
    got = summary(run(extractor, text))
    assert {("agreement", "mou", "애틀랜타", "2015"), ("agreement", "mou", "애틀랜타", "2019")} <= got
    assert {("visit", None, "애틀랜타", "2012"), ("visit", None, "애틀랜타", "2016")} <= got


def test_official_named_with_a_bare_title_points_to_the_partner(extractor):
    text = (
        "송파구는 지난 11일 독일 베를린 슈테글리츠-첼렌도르프구에서 노르베르트 코프(Norbert Kopp) 구청장과 만났다.\n\n"
        "앞서 4월에는 코프 구청장이 이끄는 대표단이 송파구를 찾아 양해각서를 맺었다."
    )
    got = summary(run(extractor, text))
    assert ("agreement", "mou", "슈테글리츠-첼렌도르프구", "2024-04") in got


def test_dates_given_respectively_date_each_partner_in_order(extractor):
    """'각각' distributes a list of dates over the partners named before it, in order."""
    text = "수성구청은 정읍시 및 함평군과 각각 1999년과 2007년 자매도시를 맺고 교류하고 있다."
    got = {(p, d) for t, _, p, d in summary(run(extractor, text, "2020-08-19")) if t == "agreement"}
    assert got == {("정읍시", "1999"), ("함평군", "2007")}
    text = "제주시와 자매도시인 중국 래주시와 계림시는 각각 1995년과 1997년 자매결연을 한 이후 교류해 왔다."
    got = {(p, d) for t, _, p, d in summary(run(extractor, text, "2020-08-19")) if t == "agreement" and d}
    assert got == {("라이저우", "1995"), ("구이린", "1997")}
    # counts that disagree distribute nothing: three partners, two dates
    text = "수성구청은 정읍시, 함평군, 남원시와 각각 1999년과 2007년 자매도시를 맺고 교류하고 있다."
    got = {(p, d) for t, _, p, d in summary(run(extractor, text, "2020-08-19")) if t == "agreement"}
    assert ("정읍시", "1999") not in got or ("함평군", "2007") not in got


def test_a_roundtable_or_an_online_call_is_a_meeting(extractor):
    """간담회 with the partner's officials, and a meeting held online (화상회의, README: an online meeting is a
    meeting, not a forum); a roundtable with business people or students is no city's meeting."""
    for text in (
        "창원시의회는 지난 20일 일본 구레시 의원 대표단과 오찬을 겸한 간담회를 가졌다.",
        "광주시는 지난 20일 중국 광저우시와 화상회의를 열고 교류 방안을 논의했다.",
    ):
        got = pairs(run(extractor, text))
        assert any(t == "meeting" for t, _ in got) and ("forum", "광저우") not in got, (text, got)
    text = "구 시장은 지난 20일 브라질 캄피나스시를 방문해 현지 기업인과의 간담회를 진행했다."
    assert not any(t == "meeting" for t, _ in pairs(run(extractor, text)))
    text = "대구시 방문단은 지난 20일 일본 히로시마에서 두 도시 경제인간담회를 열었다."
    assert not any(t == "meeting" for t, _ in pairs(run(extractor, text)))


def test_delegation_subject_is_an_inbound_visit(extractor):
    result = run(
        extractor, "일본 요코하마시 대표단이 지난 20일 대구를 찾았다.\n방문단은 21일 대구 시청을 방문했다."
    )
    assert {e.direction for e in result.events if e.type == "visit"} == {"inbound"}


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        # the place right before the verb is where the trip goes
        ("안산시 대표단은 지난 10일 멕시코 유카탄주 메리다시를 방문해 주지사를 만났다.", "outbound"),
        ("미국 덴버시 부시장 일행은 지난 10일 안산을 찾아 교류 방안을 논의했다.", "inbound"),
        ("미국 덴버시 대표단이 지난 10일 시를 공식 방문했다.", "inbound"),
        # a hall written apart from its place's name is that place's ('덴버 시청을 방문')
        ("안산시 대표단은 지난 10일 미국 덴버 시청을 방문했다.", "outbound"),
        ("미국 덴버시 대표단은 지난 10일 안산 시청을 방문했다.", "inbound"),
        # a title written apart from its place ('콜로라도 주지사 방문'): the place before it is where he came from
        ("안산시, 자매결연 30주년…콜로라도 주지사 방문", "inbound"),
        ("안산시, 자매결연 30주년…이민근 시장 덴버 방문", "outbound"),
        # a delegation or an official named before the noun is where the trip comes from
        ("美 덴버시 대표단, 안산 방문", "inbound"),
        ('안산시장은 "덴버시장 방문을 진심으로 환영한다"고 말했다.', "inbound"),
        ("미국 덴버시 방문단은 안산 시화호를 둘러봤다.", "inbound"),
        # a delegation sent: where it is sent (에, 로) is where the trip goes, the sender (이, 가) where it comes from
        ("안산시는 지난 10일 덴버시에 대표단을 파견했다.", "outbound"),
        ("덴버시는 지난 10일 안산시에 방문단을 보냈다.", "inbound"),
        ("미국 덴버시가 지난 10일 안산에 대표단을 파견했다.", "inbound"),
        ("안산시는 지난 10일 시장을 단장으로 한 대표단을 미국 덴버시에 파견했다.", "outbound"),
        ("미국 덴버시는 지난 10일 대표단을 안산시에 파견했다.", "inbound"),
        # a headline drops the particle: '덴버시에 방문단 파견'
        ("안산시, 자매도시 美 덴버시에 방문단 파견", "outbound"),
        # a return visit goes either way: where it goes is the place before the verb
        ("안산시 대표단은 지난 10일 덴버시를 답방했다.", "outbound"),
        ("덴버시 대표단이 지난 10일 안산시를 답방했다.", "inbound"),
    ],
)
def test_visit_direction_from_its_destination(extractor, text, direction):
    result = run(extractor, "안산시는 미국 덴버시와 자매결연을 맺고 있다.\n" + text)
    assert {e.direction for e in result.events if e.type == "visit"} == {direction}


def test_given_name_that_is_a_town_is_a_person(extractor):
    text = "샬럿 내시(Charlotte Nash) 의장이 이끄는 미국 귀넷카운티 방문단이 지난 20일 강남구를 방문했다."
    assert not any(p.name_ko.startswith("샬") for e in run(extractor, text).events for p in e.partners)

    # a Japanese given name in -shi before a separate title: '무라야마 다카시 시장' is Takashi, not Dhaka
    result = run(extractor, "고양시는 15일 일본 하코다테시의 무라야마 다카시 시장에게 명예시민증을 수여했다.")
    assert {p.name_ko for e in result.events for p in e.partners} == {"하코다테"}
    # … and before the office's town and its title: '사토 다카시 하코다테시장'
    result = run(
        extractor, "고양시장은 15일 시청에서 사토 다카시 하코다테시장을 접견하고 교류 확대를 논의했다."
    )
    assert {p.name_ko for e in result.events for p in e.partners} == {"하코다테"}
    # a Japanese surname that is also a town, before a given name and a title: '우에다 후미오 시장' (Ueda)
    result = run(
        extractor, "대전시는 22일 일본 삿포로시 우에다 후미오 시장 일행을 접견하고 교류 확대를 논의했다."
    )
    assert {p.name_ko for e in result.events for p in e.partners} == {"삿포로"}
    # a surname before a given name and the office written as one word: '나가노 야스히로 벳푸시장'
    result = run(extractor, "목포시는 22일 나가노 야스히로 벳푸시장을 접견하고 교류 확대를 논의했다.")
    assert not any(p.name_ko == "나가노" for e in result.events for p in e.partners)
    # one Hanja gloss spelling surname and given name: '무라야마 도미이치(村山富市) 일본 총리' is a person
    result = run(extractor, "시장은 22일 일본 도쿄에서 무라야마 도미이치(村山富市) 일본 총리와 만났다.")
    assert not any(p.name_ko == "무라야마" for e in result.events for p in e.partners)
    # a name, the country, then the office: '스킵 헨더슨 미국 콜럼버스시장' (Henderson is a person here)
    result = run(extractor, "진주시는 22일 스킵 헨더슨 미국 콜럼버스시장과 친선결연 협약을 체결했다.")
    assert not any(p.name_ko == "헨더슨" for e in result.events for p in e.partners)
    # the city itself before a separate title stays a place when no bare word stands before it
    result = run(extractor, "고양시는 15일 자매도시인 베트남 다낭시 시장에게 명예시민증을 수여했다.")
    assert {p.name_ko for e in result.events for p in e.partners} == {"다낭"}


def test_inbound_and_outbound_visits(extractor):
    inbound = run(extractor, "일본 요코하마시 대표단이 22일 대구시를 방문했다.")
    assert {e.direction for e in inbound.events if e.type == "visit"} == {"inbound"}
    outbound = run(extractor, "대구시 대표단은 22일 일본 요코하마시를 방문했다.")
    assert {e.direction for e in outbound.events if e.type == "visit"} == {"outbound"}
    assert (
        run(extractor, "일본 요코하마 시장이 대구를 찾아 방한 일정을 시작했다.").events[0].direction
        == "inbound"
    )

    # the actor's own mayor travelling: the word before '시장' is the actor's name, not a foreign official's
    own_mayor = run(
        extractor, "김철수 창원시장은 9일부터 13일까지 베트남 다낭시를 방문해 교류 방안을 논의했다."
    )
    assert {e.direction for e in own_mayor.events if e.type == "visit"} == {"outbound"}


def test_planned_status(extractor):
    result = run(extractor, "대구시는 오는 28일 프랑스 리옹시와 자매결연 협정을 체결할 예정이다.")
    assert {e.status for e in result.events} == {"planned"}
    done = run(extractor, "대구시는 지난 20일 프랑스 리옹시와 자매결연 협정을 체결했다.")
    assert {e.status for e in done.events} == {"done"}


def test_actor_is_the_lead_subject_and_titles(extractor):
    assert run(extractor, "송파구는 일본 분쿄구와 자매결연을 맺었다고 22일 밝혔다.").actor.name_ko == "송파구"
    assert run(extractor, "오세훈 서울시장이 21일 싱가포르를 방문했다.").actor.geonameid == 1835848
    assert run(extractor, "경기도 고양시가 일본 하코다테시와 자매도시가 됐다.").actor.geonameid == 1842485


def test_another_korean_government_takes_its_passage(extractor):
    text = "서울시는 일본 도쿄도와 자매결연 30주년 행사를 열었다.\n\n한편 부산시도 같은 날 일본 후쿠오카시와 우호도시 협약을 맺었다."
    result = run(extractor, text)
    fukuoka = [e for e in result.events if any(p.name_ko == "후쿠오카" for p in e.partners)]
    assert fukuoka and {e.actor.name_ko for e in fukuoka} == {"부산"}


def test_repeated_paragraph_adds_nothing(extractor):
    once = "대구시는 지난 20일 일본 요코하마시와 우호도시 협약을 체결했다."
    assert len(run(extractor, once + "\n" + once).events) == len(run(extractor, once).events)


def test_evidence_and_reason_are_kept(extractor):
    result = run(extractor, "대구시는 지난 20일 일본 요코하마시와 우호도시 협약을 체결했다.")
    event = result.events[0]
    assert "요코하마" in event.evidence
    assert "trigger" in event.reason and 0 < event.confidence <= 1


def test_person_title_gives_people(extractor):
    result = run(extractor, "오세훈 서울시장은 에릭 애덤스 뉴욕시장과 면담했다.")
    people = {(p.name, p.city) for e in result.events for p in e.people}
    assert ("에릭 애덤스", "New York City") in people


def test_quotative_ending_is_no_place(extractor):
    text = '시는 22일 베트남 다낭시와 자매결연을 맺었다. 시장은 "교류를 넓히겠다"라고 말했다.'
    assert {p.name_ko for e in run(extractor, text).events for p in e.partners} == {"다낭"}


def test_a_government_named_only_in_passing_speaks_for_nobody(extractor):
    """A page whose only Korean government is named once or twice, never as the lead's subject or by an
    official (the president's office in 용산구), yields nothing; a city named again and again still speaks."""
    text = (
        "대통령은 22일 APEC 정상회의 참석차 미국 샌프란시스코를 방문한다. 순방에는 경제사절단이 동행한다.\n"
        "대통령은 이어 프랑스 파리로 건너가 엑스포 유치전을 펼친다. 대통령실은 서울 용산구에 있다."
    )
    assert run(extractor, text).events == ()
    named = "시애틀-대전 자매도시위원회가 22일 대전시를 방문했다. 대전과 시애틀은 대전 엑스포 이후 자매결연을 맺었다. 대전 방문단도 다녀왔다."
    assert ("visit", "시애틀") in pairs(run(extractor, named))


def test_an_agency_or_a_neighbourhood_body_is_not_the_government(extractor):
    """A provincial education office or police agency, a residents' committee: their ties are not the
    province's or the city's."""
    office = run(
        extractor,
        "전북교육청은 22일 중국 지린성 교육청과 교육교류 협약을 체결했다. 전북교육청 관계자는 밝혔다.",
    )
    assert office.events == ()
    committee = run(extractor, "부여군 임천면 이장협의회는 22일 일본 와쿠야정과 자매결연을 맺었다.")
    assert committee.events == ()


def test_no_local_government_no_events(extractor):
    """A page no Korean local government speaks in (a president's tour, a university's deal) yields nothing;
    a press release that writes only '시는 …' still speaks for a local government."""
    national = run(extractor, "대통령은 22일 베트남 하노이에서 정상회담을 갖고 양국 협정을 체결했다.")
    assert national.actor is None and national.events == ()
    college = run(extractor, "한 사립대학교는 22일 일본 후쿠오카의 대학과 자매결연 협약을 체결했다.")
    assert college.events == ()
    anonymous = run(extractor, "시는 22일 일본 후쿠오카시와 자매결연 협약을 체결했다.")
    assert pairs(anonymous) == {("agreement", "후쿠오카")}


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        # a headline names its own government bare and the other side of a domestic tie with '…와'
        ("마포구, 충북 단양군과 자매결연\n마포구는 22일 단양군과 자매결연 협약을 체결했다.", "마포구"),
        # the other side is located by its province, the home side is not
        ("도봉구-경기도 연천군 자매결연\n도봉구와 연천군은 22일 연천군청에서 협약서에 서명했다.", "도봉구"),
        # two governments as one subject ('A와 B는'): the one named first tells the story
        ("전남 곡성군과 경남 하동군은 22일 하동군청에서 자매결연 협약을 맺었다.", "곡성군"),
        ("대구 북구(구청장 김철수)와 경북 청송군(군수 이영희)이 22일 상생협약을 맺었다.", "대구 북구"),
        # a headline joining the pair with a dash or a dot, the other side named more often in the body
        (
            "성북구-고창군, 우호교류 협정 체결\n사진 설명\n고창군수와 고창군의회 의장이 왔다.\n"
            "고창군 대표단은 22일 협정식에 참석했다. 고창군은 농촌이다.",
            "성북구",
        ),
        (
            "영천시·대구 동구, 자매도시 협약\n사진 설명\n협약식에 대구 동구 의원들과 대구 동구 주민들이 왔다.",
            "영천시",
        ),
    ],
)
def test_actor_of_a_domestic_tie(extractor, text, actor):
    assert run(extractor, text).actor.name_ko == actor


@pytest.mark.parametrize(
    "text",
    [
        # a surname read as a town, its given name, then a council's office
        "일본 히로시마시 대표단에는 후지타 히로유키 시의회 의장이 포함됐다.",
        # … or an envoy's
        "일본 히로시마시 대표단에는 후지타 히로유키 총영사가 동행했다.",
    ],
)
def test_a_surname_before_a_given_name_and_an_office_is_a_person(text):
    from citydip.extract.partners import person_name_spans
    from citydip.gazetteer import Gazetteer

    mentions = Gazetteer.default().find(text)
    fujita = next(m for m in mentions if m.surface == "후지타")
    assert fujita.start in person_name_spans(mentions, text)


def test_an_anniversarys_commemoration_is_a_joint_event(extractor):
    # the tie is only named for its anniversary: the ceremony held for it is an exchange, the tie keeps its year
    text = "강릉시는 지난 20일 캐나다 캘거리시와 자매결연 15주년 기념식을 시청에서 열었다."
    got = summary(run(extractor, text))
    assert ("agreement", "sister", "캘거리", "2009") in got
    assert ("exchange", None, "캘거리", "2024-05-20") in got
    # a sentence that signs something new keeps its programmes as the agreement's content
    signed = "강릉시는 지난 20일 캐나다 캘거리시와 문화 교류 협약을 맺고 기념식을 열었다."
    assert not any(t == "exchange" for t, *_ in summary(run(extractor, signed)))


def test_a_japanese_town_in_its_japanese_reading(extractor):
    # 町 and 村 read as 마치 and 무라 are the towns Korean news mostly write with 정 and 촌
    text = "하동군은 지난 20일 일본 미야기현 오가마치와 자매결연을 맺었다. 군은 일본 나라현 아스카무라도 방문했다."
    got = summary(run(extractor, text))
    assert ("agreement", "sister", "오가정", "2024-05-20") in got
    assert any(t == "visit" and p == "아스카촌" for t, _, p, _ in got)
    # the Japanese reading is no suffix in other countries
    assert not any(
        p.endswith("정")
        for *_, p, _ in summary(run(extractor, "하동군은 미국 오레곤주 오가마치와 협약을 맺었다."))
    )


def test_compound_boroughs_and_townships_are_towns_of_their_own(extractor):
    def partners(text: str) -> set[str]:
        return {p for _, _, p, _ in summary(run(extractor, text))}

    # a hyphenated name holds a known name inside: the whole is the town, its province only locates it
    assert partners("양구군은 캐나다 온타리오 주 차탐-켄트시와 자매결연을 맺었다.") == {"차탐-켄트시"}
    north_bay = run(extractor, "양구군은 캐나다 온타리오 주 노스-베이시와 자매결연을 맺었다.")
    assert [p.name for e in north_bay.events for p in e.partners] == ["North Bay"]
    # a US township is not the city of the same name elsewhere
    assert partners("함양군은 미국 오하이오주 워싱턴 타운십과 자매결연을 맺었다.") == {"워싱턴 타운십"}
    # a borough is its town, as the gazetteer knows it
    got = run(extractor, "남양주시는 지난 15일 미국 뉴저지주 포트리자치구를 방문했다.")
    assert [(p.name, p.geonameid) for e in got.events for p in e.partners] == [("Fort Lee", 5098135)]
    # the common noun is no borough
    assert "자치구" not in partners("서울시는 미국 뉴욕주 자치구와 협약을 맺었다.")


def test_the_day_before_counts_from_the_day_its_sentence_reports_on(extractor):
    text = "전북도는 전날 도지사가 이끄는 대표단이 중국 장쑤성을 방문했다고 9일 밝혔다."
    got = summary(run(extractor, text, published="2024-05-09"))
    assert ("visit", None, "장쑤성", "2024-05-08") in got


def test_an_unknown_town_named_again_keeps_its_sense(extractor):
    text = (
        "함양군 대표단은 지난 1일 미국 펜실베이니아주 어퍼메리언 타운십을 방문했다.\n"
        "군은 앞서 6월 어퍼메리언 타운십과 자매결연을 맺었다."
    )
    got = summary(run(extractor, text))
    assert ("agreement", "sister", "어퍼메리언 타운십", "2023-06") in got
    assert {p for *_, p, _ in got} == {"어퍼메리언 타운십"}


def test_a_deal_with_companies_in_a_foreign_city_is_no_tie_with_it(extractor):
    # the city where the province signed with a chamber and an importer only hosts the deal
    text = (
        "도는 4일(현지 시각) 미국 시카고에서 시카고 한인 상공회의소, 식품 수입업체인 ㈜가나(Gana Foods)와 "
        "수출 협약(MOU)을 체결했다.\n지사는 협약에 이어 시카고 한인 축제에 참석했다."
    )
    assert run(extractor, "전남도는 농산물 수출을 늘린다.\n" + text).events == ()
    # signed with the city itself, the venue is its partner as before
    own = "도는 4일 미국 시카고에서 시카고시와 우호협력 협약을 체결했다."
    assert ("agreement", "friendship", "시카고", "2024-05-04") in summary(
        run(extractor, "전남도는 교류를 늘린다.\n" + own)
    )


def test_an_agreement_named_to_refer_back_is_no_new_act(extractor):
    text = "구청장은 협약에 이어 일본 나라시를 방문해 시장과 면담했다."
    got = summary(run(extractor, "은평구는 교류를 늘린다.\n" + text))
    assert not any(t == "agreement" for t, *_ in got)
    assert any(t == "visit" and p == "나라" for t, _, p, _ in got)


def test_the_actor_of_a_domestic_tie_is_the_side_that_speaks(extractor):
    # a headline opening with its subject and a comma
    headline = "괴산군, 자매도시 마포구에 구호물품 전달\n마포구 주민들이 지난달 집중호우 피해를 입었다. 물품은 마포구 주민센터에 전달됐다."
    assert run(extractor, headline).actor.name_ko == "괴산군"
    # its office as the subject ('동구청은')
    office = "충남 보령시 & 전남 영암군 물품 전달\n대구광역시 동구청은 지난 24일 자매도시인 충남 보령시로부터 물품을 받았다."
    assert run(extractor, office).actor.name_ko == "대구 동구"
    # a press release calls itself by its kind: '구에 따르면', '구는'
    release = (
        "25일 구에 따르면 이날 박○○ 서초구청장과 강○○ 거창군수 등이 자매결연 협정서를 교환한다. "
        "구는 이번 협정으로 직거래 장터를 연다. 구는 해마다 교류 행사도 연다. 장터에는 거창군 사과가 나온다."
    )
    assert run(extractor, release).actor.name_ko == "서초구"
    # the lead's first subject, though the other side is named more often
    lead = (
        "양천구(구청장 김○○)는 29일 산불피해 지역인 자매도시 경북 울진군을 돕기 위해 성금을 전달했다고 밝혔다. "
        "성금은 울진군의 산불피해 복구에 쓰인다. 울진군은 지난 3월 큰 피해를 입었다. 울진군 주민들은 감사를 전했다."
    )
    assert run(extractor, lead).actor.name_ko == "양천구"
    # … as a word of its own: the '이' of '구로이와 지사' is no particle (Kuroiwa, a person)
    person = (
        "김○○ 경기도지사와 구로이와 유지 일본 가나가와현 지사가 16일 공동선언에 서명했다. "
        "김 지사는 이날 경기도를 찾은 구로이와 지사를 만났다. 경기도와 가나가와현은 1990년 결연했다."
    )
    assert run(extractor, person).actor.name_ko == "경기도"


def test_a_self_reference_of_another_kind_hands_the_sentence_to_that_government(extractor):
    # an article about a 구: '군은 …' after the county was named is the county speaking, its ties its own
    text = (
        "유성구는 13일 신안군과 자매결연 협약을 체결했다. 구는 주민 할인 혜택을 마련했다. 구는 교류를 넓힌다.\n"
        "한편, 신안군은 명예섬 사업을 펴고 있다. 군은 대구 남구, 여주시 등과도 자매결연 협약을 체결했다."
    )
    result = run(extractor, text)
    by_actor = {
        (e.actor.name_ko, p.name_ko) for e in result.events for p in e.partners if e.type == "agreement"
    }
    assert ("유성구", "신안군") in by_actor
    assert ("신안군", "여주시") in by_actor and ("유성구", "여주시") not in by_actor


def test_a_ties_date_in_a_clause_about_it_dates_only_the_tie(extractor):
    text = (
        "이번 방문은 1992년부터 김해시와 자매결연을 맺어오고 있는 일본 무나카타시의 초청에 따른 것이다.\n"
        "방문 첫째날은 무나카타시장을 접견했다."
    )
    got = summary(run(extractor, "김해시 대표단이 일본을 찾았다.\n" + text, published=None))
    assert ("agreement", "sister", "무나카타", "1992") in got
    assert not any(d == "1992" for t, _, _, d in got if t != "agreement")


YEAR_ONLY_PAGE = (
    "양산시장 일행은 28일부터 10월 1일까지 일본 오카야마현 쓰야마시를 방문했다.\n"
    "양산시와 쓰야마시는 2001년 자매결연을 맺었다.\n"
    "이번 방문은 결연 15주년을 맞아 쓰야마시가 초청해 이뤄졌다.\n"
    "첫날 양산시장은 쓰야마시장을 만나 청소년 교류 확대를 논의했다.\n"
)


def test_a_publication_year_the_text_pins_down_dates_its_days(extractor):
    """No publication date, but '2001년 … 결연 15주년' gives the year 2016: the trip's '28일부터 10월 1일까지'
    is 2016-09-28, not undated, and not the tie's 2001."""
    got = summary(run(extractor, YEAR_ONLY_PAGE, published=None))
    assert ("visit", None, "쓰야마", "2016-09-28") in got
    assert ("meeting", None, "쓰야마", "2016-09-28") in got
    assert ("agreement", "sister", "쓰야마", "2001") in got


def test_a_publication_year_the_text_pins_down_through_the_command_line(tmp_path):
    import json

    from typer.testing import CliRunner

    from citydip.cli import app

    page = tmp_path / "yangsan.txt"
    page.write_text(YEAR_ONLY_PAGE, encoding="utf-8")
    db = str(tmp_path / "y.db")
    runner = CliRunner()
    done = runner.invoke(app, ["ingest", str(page), "--jobs", "1", "--db", db])
    assert done.exit_code == 0, done.output
    assert "relative dates read within 2016" in done.stderr
    listed = runner.invoke(app, ["timeline", "--format", "json", "--db", db])
    dates = {(e["type"], e["date"]) for e in json.loads(listed.stdout)}
    assert ("visit", "2016-09-28") in dates and ("agreement", "2001") in dates


def test_an_unknown_region_after_its_country(extractor):
    text = "울산시는 지난 16일 체코 모라비아슬레스코주와 우호협력 협약을 맺었다. 미국 지난주 발표와는 별개다."
    got = summary(run(extractor, text))
    assert ("agreement", "friendship", "모라비아슬레스코주", "2024-05-16") in got
    assert not any(p == "지난주" for *_, p, _ in got)


def test_exchange_and_cooperation_named_as_an_aim_is_no_programme(extractor):
    aim = "춘천시는 26일 상호 교류 협력대표단을 꾸려 전남 고흥군을 찾았다. 두 도시는 교류 협력을 강화하기로 했다."
    assert not any(t == "exchange" for t, *_ in summary(run(extractor, aim)))
    programme = "춘천시는 26일 전남 고흥군과 청소년 교류협력 사업을 벌였다."
    assert any(t == "exchange" and p == "고흥군" for t, _, p, _ in summary(run(extractor, programme)))


def test_a_trade_fair_is_no_forum_of_cities(extractor):
    fair = "경북도는 지난 20일 중국 상하이에서 열린 국제식품박람회에 도내 기업과 함께 참가했다."
    assert not any(t == "forum" for t, *_ in summary(run(extractor, fair)))
    forum = "경북도는 지난 20일 중국 상하이에서 열린 동북아 지방정부 포럼에 참석했다."
    assert any(t == "forum" and p == "상하이" for t, _, p, _ in summary(run(extractor, forum)))


def test_a_sense_the_article_makes_explicit_wins_over_a_guess(extractor):
    text = (
        "홍○○ 강서구청장, 자매도시 잇단 방문\n"
        "홍○○ 서울 강서구청장이 2~3일 전북 완주, 전남 여수 등 자매도시를 잇달아 방문했다."
    )
    result = run(extractor, text, published="2023-02-03")
    assert result.actor is not None and result.actor.name_ko == "서울 강서구"


def test_a_known_autonomous_region_is_no_unknown_borough(extractor):
    # '자치구' ends both a borough's name and China's autonomous regions: the gazetteer's reading wins
    text = "충북도는 22일 중국 광서장족자치구와 자매결연을 맺었다."
    got = run(extractor, text)
    assert [(p.name, p.kind) for e in got.events for p in e.partners] == [("Guangxi", "region")]


def test_a_page_that_calls_itself_the_subject_is_not_only_named(extractor):
    # the lead names the province only with a particle, the page then speaks as '도는': its own page
    text = (
        "충북도와 6월 자매결연을 맺을 예정인 일본 시마네현 대표단이 22일 지사를 예방했다.\n"
        "도는 시마네현과 2001년부터 교류해 왔다."
    )
    assert run(extractor, text).actor_reason.startswith("self-reference")


def test_a_visit_on_which_the_sides_discussed_is_a_meeting_too(extractor):
    inbound = "일본 오카야마시 대표단이 지난 20일 전주시를 방문해 두 도시의 관광 교류 방안을 논의했다."
    got = pairs(run(extractor, inbound))
    assert {("visit", "오카야마"), ("meeting", "오카야마")} <= got
    outbound = "전주시 대표단은 지난 20일 중국 쑤저우시를 찾아 청소년 교류 사업을 협의했다."
    assert ("meeting", "쑤저우") in pairs(run(extractor, outbound))
    # a visit alone is no meeting
    sightseeing = "전주시 대표단은 지난 20일 중국 쑤저우시를 방문해 박물관을 둘러봤다."
    assert ("meeting", "쑤저우") not in pairs(run(extractor, sightseeing))


def test_a_district_written_with_its_city_settles_the_bare_name(extractor):
    # the headline's bare 강서구 is the district the body names with its city
    text = (
        "동구-일본 오타루시 우호 행사\n대구 동구는 지난 20일 구청에서 일본 오타루시와 교류 행사를 열었다.\n"
        "동구청장은 동구 주민들과 함께 했다."
    )
    assert run(extractor, text).actor.name_ko == "대구 동구"
    mentions = one_sense(extractor.gazetteer.find(text))
    assert {m.place.name_ko for m in mentions if m.place.country == "KR"} == {"대구 동구"}


def test_a_bare_district_name_reads_as_the_larger_citys_district(extractor):
    # no city named anywhere: Seoul's 강서구 before Busan's
    text = "강서구는 지난 20일 일본 오타루시와 자매결연을 맺었다."
    assert run(extractor, text).actor.name_ko == "서울 강서구"


def test_a_visit_named_as_an_item_of_a_tie_history_is_no_trip(extractor):
    history = (
        "그동안 경북도와 일본 시마네현은 직원 상호파견, 학생 교류, 의회 친선방문, 공동 조사 등을 추진했다."
    )
    assert not any(t == "visit" for t, *_ in summary(run(extractor, history)))
    festival = (
        "마포구와 예천군은 2001년 자매결연을 맺은 이래 대표축제 방문을 비롯해 직거래장터 등 교류를 이어왔다."
    )
    assert ("visit", "예천군") not in pairs(run(extractor, festival))
    # an object before it still makes a trip: '시청을 방문, 시장과 면담'
    trip = "전북도 대표단은 지난 20일 중국 장쑤성 정부를 방문, 성장과 면담했다."
    assert ("visit", "장쑤성") in pairs(run(extractor, trip))


def test_an_organisation_named_after_a_city_apart_from_its_name_is_no_partner(extractor):
    # '리마 상공회의소', '칭다오 국제상회', '오사카 한국교육원': the place names the body, the body signs
    text = (
        "부산시는 지난 20일 페루 리마 상공회의소, 중국 칭다오 국제상회와 교류 협약을 체결했다. "
        "시는 일본 오사카 한국교육원과도 협약을 맺었다."
    )
    assert not any(p in {"리마", "칭다오", "오사카"} for *_, p, _ in summary(run(extractor, text)))
    # the city itself still signs
    city = "부산시는 지난 20일 페루 리마시와 교류 협약을 체결했다."
    assert ("agreement", "리마") in pairs(run(extractor, city))


def test_an_unknown_japanese_town_takes_the_standard_korean_spelling(extractor):
    # 외래어 표기법: a word-initial voiceless consonant is plain (가미아마쿠사, not 카미아마쿠사), つ is 쓰
    text = "고성군은 지난 20일 일본 구마모토현 카미아마쿠사시와 자매결연을 맺었다. 군은 일본 니가타현 츠난마치도 방문했다."
    got = {p for *_, p, _ in summary(run(extractor, text))}
    assert any(p.startswith("가미아마쿠사") for p in got) and "쓰난정" in got
    assert not any(p.startswith(("카미", "츠난")) for p in got)
    assert japanese_standard_spelling("토요카와시") == "도요카와시"  # medial 카 stays
    assert japanese_standard_spelling("오카야마") == "오카야마"


@pytest.mark.parametrize(
    ("text", "geonameid"),
    [
        # a Chinese county written by the Sino-Korean reading of its characters and its suffix (安图 → 안도현),
        # though '안도' alone is a word (relief) and its Chinese name carries no suffix
        ("구리시는 18일 중국 길림성 안도현과 우호교류 협정을 체결했다.", 2035754),
        # a reading that alone is a word ('하원', the lower house) names the city with its suffix (河源市)
        ("양산시는 20일 중국 광동성 하원시와 우호협력 협약을 체결했다.", 1786112),
    ],
)
def test_a_chinese_town_by_the_reading_of_its_characters(extractor, text, geonameid):
    got = [p.geonameid for e in run(extractor, text).events for p in e.partners]
    assert geonameid in got


def test_rules_hold_through_the_command_line(tmp_path):
    """Every case of the rule table, ingested as one folder by `citydip ingest` and read back from
    `citydip timeline --raw`: what the extractor finds is what a user's database gets."""
    import json

    from typer.testing import CliRunner

    from citydip.cli import app

    folder = tmp_path / "cases"
    folder.mkdir()
    for i, (text, _, _) in enumerate(CASES):
        (folder / f"{i:03d}.txt").write_text(text, encoding="utf-8")
    db = str(tmp_path / "cases.db")
    runner = CliRunner()
    done = runner.invoke(app, ["ingest", str(folder), "--published", "2024-05-22", "--jobs", "1", "--db", db])
    assert done.exit_code == 0, done.output
    listed = runner.invoke(app, ["timeline", "--raw", "--format", "json", "--db", db])
    got: dict[int, set[tuple]] = {}
    for event in json.loads(listed.stdout):
        case = int(event["article"]["path"].rsplit("/", 1)[-1][:3])
        for partner in event["partners"]:
            got.setdefault(case, set()).add(
                (event["type"], event["level"], partner["name_ko"], event["date"])
            )
    for i, (text, expected, forbidden) in enumerate(CASES):
        found = got.get(i, set())
        assert expected <= found, (text, expected - found)
        assert not {(t, p) for t, _, p, _ in found} & forbidden, (text, forbidden)


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("전남도는 자매도시인 일본 고치현에 호우 피해 성금 500만엔을 보냈다.", "outbound"),
        ("전남도는 자매도시인 일본 고치현으로부터 호우 피해 성금을 받았다.", "inbound"),
        # the verb bent toward the speaker ('보내왔다', '전해 왔다'): the aid came to the actor
        ("자매도시인 일본 고치현은 전남도에 호우 피해 성금 500만엔을 보내왔다.", "inbound"),
        ("자매도시인 일본 고치현은 전남도에 위문품과 성금을 전해 왔다.", "inbound"),
        # a headline with the actor as where the help goes, no verb ('고치현, 전남도에 … 위로금')
        ("일본 고치현, 전남도에 호우 피해 위로금", "inbound"),
        ("전남도, 일본 고치현에 호우 피해 위로금", "outbound"),
    ],
)
def test_aid_direction(extractor, text, direction):
    result = run(extractor, "전라남도와 일본 고치현은 2014년 자매결연을 맺었다.\n" + text)
    assert {e.direction for e in result.events if e.type == "aid"} == {direction}
