"""A deterministic generator of synthetic Vietnamese news articles for the benchmark.

Every article is assembled from sentence templates written for this project, with slots filled
from real provinces and communes (the units in force since 1 July 2025), countries, invented
people and organizations, and random amounts, quantities and dates. The articles read like
reports on people-to-people diplomacy (foreign NGO aid, friendship exchanges, conferences,
directives, quotes) but every event in them is fictional.

    >>> from doingoai.bench_corpus import corpus_generate
    >>> doc_id, text = next(corpus_generate(1, seed=0, words=300))
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

# --- Places -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProvinceInfo:
    """A province-level unit with a few of its communes, former units and bordering country."""

    name: str
    city: bool
    communes: tuple[str, ...]
    former: tuple[str, ...] = ()
    border: str | None = None

    @property
    def full(self) -> str:
        """Return the name with its kind ("tỉnh Nghệ An", "thành phố Huế")."""
        return f"{'thành phố' if self.city else 'tỉnh'} {self.name}"

    @property
    def kind(self) -> str:
        """Return the kind of the unit as written after an office ("tỉnh", "thành phố")."""
        return "thành phố" if self.city else "tỉnh"

    @property
    def party(self) -> str:
        """Return the name of the Party committee of the unit ("Tỉnh ủy", "Thành ủy")."""
        return "Thành ủy" if self.city else "Tỉnh ủy"


PROVINCES: tuple[ProvinceInfo, ...] = (
    ProvinceInfo("Hà Nội", True, ("Ứng Thiên", "Phú Xuyên", "Cổ Đô", "Dân Hòa", "Nội Bài")),
    ProvinceInfo("Cao Bằng", False, ("Hòa An", "Nguyễn Huệ", "Hà Quảng", "Hạ Lang"), (), "Trung Quốc"),
    ProvinceInfo(
        "Tuyên Quang",
        False,
        ("Mèo Vạc", "Khâu Vai", "Du Già", "Lâm Bình", "Sơn Vĩ"),
        ("Hà Giang",),
        "Trung Quốc",
    ),
    ProvinceInfo(
        "Điện Biên", False, ("Mường Phăng", "Mường Nhé", "Sín Thầu", "Na Sang", "Mường Chà"), (), "Lào"
    ),
    ProvinceInfo("Lai Châu", False, ("Khoen On", "Tà Tổng", "Mường Kim", "Phong Thổ"), (), "Trung Quốc"),
    ProvinceInfo("Sơn La", False, ("Pắc Ngà", "Huổi Một", "Suối Tọ", "Chiềng Sại", "Chiềng Mung"), (), "Lào"),
    ProvinceInfo(
        "Lào Cai",
        False,
        ("Y Tý", "Bản Hồ", "Mù Cang Chải", "Púng Luông", "Bát Xát"),
        ("Yên Bái",),
        "Trung Quốc",
    ),
    ProvinceInfo("Thái Nguyên", False, ("Phú Lương", "Nghinh Tường", "Kha Sơn", "Nghiên Loan"), ("Bắc Kạn",)),
    ProvinceInfo("Lạng Sơn", False, ("Lộc Bình", "Chiến Thắng", "Cao Lộc", "Thiện Hòa"), (), "Trung Quốc"),
    ProvinceInfo("Quảng Ninh", False, ("Hải Sơn", "Hoành Mô", "Lục Hồn", "Quảng Hà"), (), "Trung Quốc"),
    ProvinceInfo("Bắc Ninh", False, ("Tiên Du", "Tân Chi", "Yên Phong", "Văn Môn"), ("Bắc Giang",)),
    ProvinceInfo("Phú Thọ", False, ("Lạc Lương", "Cẩm Khê", "Kim Bôi", "Đà Bắc"), ("Vĩnh Phúc", "Hòa Bình")),
    ProvinceInfo("Hải Phòng", True, ("An Trường", "Kiến Thụy", "Kẻ Sặt", "Chí Minh"), ("Hải Dương",)),
    ProvinceInfo(
        "Hưng Yên", False, ("Châu Ninh", "Hồng Minh", "Nghĩa Trụ", "Hoàng Hoa Thám"), ("Thái Bình",)
    ),
    ProvinceInfo(
        "Ninh Bình", False, ("Bình Minh", "Nam Ninh", "Ninh Giang", "Vĩnh Trụ"), ("Hà Nam", "Nam Định")
    ),
    ProvinceInfo("Thanh Hóa", False, ("An Nông", "Trường Lâm", "Giao An", "Thanh Phong"), (), "Lào"),
    ProvinceInfo("Nghệ An", False, ("Môn Sơn", "Tam Hợp", "Mậu Thạch", "Nga My", "Châu Khê"), (), "Lào"),
    ProvinceInfo("Hà Tĩnh", False, ("Đức Thọ", "Đan Hải", "Cẩm Trung", "Tiên Điền"), (), "Lào"),
    ProvinceInfo(
        "Quảng Trị", False, ("Hướng Phùng", "Lao Bảo", "Lìa", "A Dơi", "Dân Hóa"), ("Quảng Bình",), "Lào"
    ),
    ProvinceInfo("Huế", True, ("A Lưới 3", "Đan Điền", "Lộc An", "Bình Điền"), ("Thừa Thiên Huế",), "Lào"),
    ProvinceInfo("Đà Nẵng", True, ("Quế Sơn Trung", "Tam Mỹ", "Chiên Đàn", "Bà Nà"), ("Quảng Nam",), "Lào"),
    ProvinceInfo(
        "Quảng Ngãi", False, ("Sơn Kỳ", "Sơn Hạ", "Măng Đen", "Vệ Giang"), ("Kon Tum",), "Campuchia"
    ),
    ProvinceInfo(
        "Gia Lai", False, ("An Lão", "Phù Mỹ", "Bình Phú", "Vĩnh Thạnh"), ("Bình Định",), "Campuchia"
    ),
    ProvinceInfo("Khánh Hòa", False, ("Lâm Sơn", "Cam Lâm", "Ninh Sơn", "Suối Dầu"), ("Ninh Thuận",)),
    ProvinceInfo("Đắk Lắk", False, ("Ea Na", "Ea Rốk", "Xuân Lộc", "Ea Súp"), ("Phú Yên",), "Campuchia"),
    ProvinceInfo(
        "Lâm Đồng",
        False,
        ("Vĩnh Hảo", "Hòa Thắng", "Quảng Sơn", "Bảo Thuận"),
        ("Đắk Nông", "Bình Thuận"),
        "Campuchia",
    ),
    ProvinceInfo(
        "Đồng Nai", False, ("Đak Nhau", "Xuân Bắc", "Phú Riềng", "Định Quán"), ("Bình Phước",), "Campuchia"
    ),
    ProvinceInfo(
        "Hồ Chí Minh",
        True,
        ("Bình Giã", "Xuân Thới Sơn", "Bàu Lâm", "Tân Vĩnh Lộc"),
        ("Bình Dương", "Bà Rịa - Vũng Tàu"),
    ),
    ProvinceInfo(
        "Tây Ninh", False, ("Tầm Vu", "Tân Hòa", "Hậu Nghĩa", "Long Thuận"), ("Long An",), "Campuchia"
    ),
    ProvinceInfo(
        "Đồng Tháp",
        False,
        ("Phong Mỹ", "Mỹ Lợi", "Long Phú Thuận", "Gia Thuận"),
        ("Tiền Giang",),
        "Campuchia",
    ),
    ProvinceInfo(
        "Vĩnh Long", False, ("Phước Long", "Trà Côn", "An Trường", "Phú Quới"), ("Bến Tre", "Trà Vinh")
    ),
    ProvinceInfo(
        "An Giang", False, ("Giang Thành", "Vĩnh Gia", "Óc Eo", "Khánh Bình"), ("Kiên Giang",), "Campuchia"
    ),
    ProvinceInfo(
        "Cần Thơ", True, ("Hỏa Lựu", "Nhơn Ái", "Cù Lao Dung", "Đông Thuận"), ("Sóc Trăng", "Hậu Giang")
    ),
    ProvinceInfo("Cà Mau", False, ("Đất Mũi", "Tam Giang", "Gành Hào", "Khánh An"), ("Bạc Liêu",)),
)

# --- Countries, people and organizations --------------------------------------------------------


@dataclass(frozen=True)
class CountryInfo:
    """A partner country: how people there are named, its NGOs and its local partners."""

    name: str
    first: tuple[str, ...]
    last: tuple[str, ...]
    family_first: bool
    ngos: tuple[str, ...]
    localities: tuple[str, ...]


COUNTRIES: tuple[CountryInfo, ...] = (
    CountryInfo(
        "Hàn Quốc",
        ("Min-jun", "Seo-yeon", "Ji-hoon", "Hye-jin", "Dong-hyun", "Su-bin", "Jae-won", "Eun-ji"),
        ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Yoon", "Han"),
        True,
        ("Tổ chức Haessal Nanum", "Quỹ Hanmaum", "Hiệp hội Dasom Bridge", "Tổ chức Saesak Sharing"),
        ("tỉnh Gyeonggi", "tỉnh Gangwon", "thành phố Busan", "thành phố Daegu", "tỉnh Jeju"),
    ),
    CountryInfo(
        "Nhật Bản",
        ("Kenji", "Yuki", "Hiroshi", "Aiko", "Takeshi", "Naoko", "Haruto", "Emi"),
        ("Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura"),
        True,
        (
            "Hiệp hội Hỗ trợ cộng đồng Mekong",
            "Quỹ Sakura Heart",
            "Mạng lưới tình nguyện Kizuna",
            "Tổ chức Midori no Te",
        ),
        ("tỉnh Shizuoka", "tỉnh Kanagawa", "tỉnh Nagano", "thành phố Osaka", "tỉnh Okinawa"),
    ),
    CountryInfo(
        "Đức",
        ("Anna", "Thomas", "Julia", "Michael", "Katrin", "Stefan", "Lena", "Markus"),
        ("Vogel", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Krüger", "Wagner"),
        False,
        ("tổ chức Grüne Küste e.V.", "tổ chức Brücke Vietnam e.V.", "tổ chức Kinderhilfe Mekong e.V."),
        ("bang Sachsen", "bang Brandenburg", "thành phố Leipzig", "bang Hessen"),
    ),
    CountryInfo(
        "Lào",
        ("Bounmy", "Khamphone", "Viengkham", "Somsack", "Phonesavanh", "Chanthala", "Souksavanh"),
        ("Phommachanh", "Sisavath", "Sengdara", "Vongsa", "Keomany", "Inthavong"),
        False,
        ("Hội Hữu nghị Lào - Việt Nam",),
        (
            "tỉnh Phongsaly",
            "tỉnh Luang Prabang",
            "tỉnh Houaphanh",
            "tỉnh Xiengkhouang",
            "tỉnh Savannakhet",
            "tỉnh Salavan",
            "tỉnh Sekong",
            "tỉnh Attapeu",
            "tỉnh Khammouane",
            "tỉnh Bolikhamxay",
        ),
    ),
    CountryInfo(
        "Campuchia",
        ("Sophal", "Dara", "Sokha", "Vanna", "Rithy", "Sreymom", "Bopha"),
        ("Chea", "Sok", "Heng", "Chan", "Kim", "Sar"),
        True,
        ("Hội Hữu nghị Campuchia - Việt Nam",),
        (
            "tỉnh Takeo",
            "tỉnh Kampot",
            "tỉnh Kandal",
            "tỉnh Svay Rieng",
            "tỉnh Tbong Khmum",
            "tỉnh Ratanakiri",
            "tỉnh Mondulkiri",
            "tỉnh Prey Veng",
        ),
    ),
    CountryInfo(
        "Cuba",
        ("Carlos", "María", "José", "Yanet", "Ernesto", "Dayana", "Liset"),
        ("Méndez", "Rodríguez", "Pérez", "García", "Hernández", "Fonseca"),
        False,
        ("Viện Cuba Hữu nghị với các dân tộc",),
        ("tỉnh Santiago de Cuba", "tỉnh Pinar del Río", "tỉnh Matanzas", "tỉnh Camagüey"),
    ),
    CountryInfo(
        "Hoa Kỳ",
        ("John", "Sarah", "Michael", "Emily", "David", "Jennifer", "Robert", "Karen"),
        ("Miller", "Johnson", "Brown", "Davis", "Wilson", "Taylor", "Anderson", "Clark"),
        False,
        (
            "tổ chức Clear Fields Vietnam",
            "Quỹ River Bridge",
            "tổ chức Hands for Mekong",
            "tổ chức Global Smile Partners",
        ),
        ("bang Washington", "bang Oregon", "bang Massachusetts", "bang Minnesota"),
    ),
    CountryInfo(
        "Pháp",
        ("Pierre", "Marie", "Jean", "Sophie", "Nicolas", "Claire"),
        ("Martin", "Bernard", "Dubois", "Laurent", "Moreau", "Girard"),
        False,
        ("Hiệp hội Lotus Solidaire", "tổ chức Solidarité Delta", "Hiệp hội Pont d'Amitié"),
        ("vùng Bretagne", "vùng Occitanie", "thành phố Lyon", "vùng Normandie"),
    ),
    CountryInfo(
        "Australia",
        ("James", "Emma", "Liam", "Chloe", "Jack", "Olivia"),
        ("Smith", "Jones", "Williams", "Walker", "White", "Harris"),
        False,
        ("tổ chức Mekong Kids Australia", "Quỹ Southern Cross Care", "tổ chức Outback Hands"),
        ("bang Victoria", "bang Queensland", "bang Nam Australia"),
    ),
    CountryInfo(
        "Hà Lan",
        ("Jan", "Sanne", "Pieter", "Femke", "Daan", "Lotte"),
        ("de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer"),
        False,
        ("tổ chức Stichting Groene Delta", "tổ chức Water voor Iedereen"),
        ("tỉnh Zeeland", "tỉnh Utrecht", "tỉnh Gelderland"),
    ),
    CountryInfo(
        "Thụy Sĩ",
        ("Lukas", "Nina", "Reto", "Sabine", "Urs", "Carla"),
        ("Müller", "Meier", "Keller", "Brunner", "Baumann", "Frei"),
        False,
        ("tổ chức Mountain Hands", "Quỹ Edelweiss Asie"),
        ("bang Bern", "bang Vaud", "bang Zürich"),
    ),
    CountryInfo(
        "Trung Quốc",
        ("Kiến Quốc", "Hải Minh", "Tuyết Mai", "Quốc Cường", "Lệ Hoa", "Chí Vĩ"),
        ("Vương", "Lưu", "Trương", "Triệu", "Chu", "Dương"),
        True,
        ("Hội Hữu nghị Trung Quốc - Việt Nam",),
        ("tỉnh Vân Nam", "Khu tự trị dân tộc Choang Quảng Tây", "thành phố Côn Minh", "thành phố Nam Ninh"),
    ),
)

_COUNTRY = {c.name: c for c in COUNTRIES}
NGO_COUNTRIES = ("Hàn Quốc", "Nhật Bản", "Đức", "Hoa Kỳ", "Pháp", "Australia", "Hà Lan", "Thụy Sĩ")
NEIGHBOURS = ("Lào", "Campuchia", "Trung Quốc")

SURNAMES = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Lương",
    "Đinh",
    "Trịnh",
    "Mai",
    "Tạ",
    "Quàng",
    "Lò",
    "Hà",
    "Ma",
    "Vi",
    "Giàng",
    "Thạch",
)
MIDDLE_M = ("Văn", "Hữu", "Đức", "Quang", "Minh", "Thanh", "Công", "Xuân", "Ngọc", "Trung", "Đình", "Quốc")
MIDDLE_F = ("Thị", "Thu", "Thanh", "Ngọc", "Minh", "Hồng", "Thúy", "Kim", "Phương", "Thị Thu", "Thị Minh")
GIVEN_M = (
    "Hùng",
    "Dũng",
    "Thắng",
    "Long",
    "Tuấn",
    "Hải",
    "Sơn",
    "Bình",
    "Phong",
    "Quân",
    "Khánh",
    "Trung",
    "Hưng",
    "Thành",
    "Tâm",
    "Hiếu",
    "Nam",
    "Việt",
    "Cường",
    "Lâm",
    "Đạt",
    "Toàn",
    "Kiên",
    "Vinh",
    "Hòa",
    "Tùng",
    "Huy",
    "Lợi",
    "Nghĩa",
    "Tiến",
    "Phúc",
    "Luận",
    "Thái",
    "Chiến",
    "Thịnh",
    "Hoàn",
)
GIVEN_F = (
    "Hương",
    "Lan",
    "Hằng",
    "Hoa",
    "Mai",
    "Nga",
    "Thảo",
    "Linh",
    "Hà",
    "Huyền",
    "Nhung",
    "Trang",
    "Yến",
    "Vân",
    "Loan",
    "Nhàn",
    "Dung",
    "Phượng",
    "Hạnh",
    "Thủy",
    "Ngân",
    "Liên",
    "Oanh",
    "Quyên",
)

OUTLETS = ("TTXVN", "VOV", "Báo Quốc tế", "Báo Nhân Dân", "Báo Tin tức", "VTV", "Báo Đại đoàn kết")

DEPARTMENTS = (
    "Sở Tài chính",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Nông nghiệp và Môi trường",
    "Sở Nội vụ",
    "Sở Xây dựng",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ",
    "Sở Công Thương",
)

SECTORS = (
    "y tế",
    "giáo dục",
    "sinh kế",
    "nước sạch và vệ sinh môi trường",
    "ứng phó với biến đổi khí hậu",
    "khắc phục hậu quả bom mìn",
    "hỗ trợ người khuyết tật",
    "dinh dưỡng trẻ em",
    "phòng, chống thiên tai",
    "bình đẳng giới",
    "phát triển nông nghiệp bền vững",
    "chăm sóc sức khỏe bà mẹ và trẻ em",
)
BENEFICIARIES = (
    "đồng bào dân tộc thiểu số",
    "trẻ em có hoàn cảnh khó khăn",
    "người khuyết tật",
    "phụ nữ nghèo",
    "nạn nhân chất độc da cam/dioxin",
    "học sinh bán trú",
    "người cao tuổi neo đơn",
    "hộ nghèo và cận nghèo",
    "trẻ em mồ côi",
)
WORKS = (
    ("trường mầm non", 1, 4),
    ("điểm trường tiểu học", 1, 5),
    ("trạm y tế xã", 1, 3),
    ("công trình nước sạch", 2, 9),
    ("khu nhà bán trú", 1, 2),
    ("cầu dân sinh", 1, 6),
    ("nhà văn hóa thôn", 2, 8),
    ("nhà tình nghĩa", 10, 60),
    ("phòng học", 6, 40),
    ("bếp ăn bán trú", 2, 7),
)
PRODUCTS = (
    ("gà bản thả đồi", 90, 140, "kg"),
    ("mật ong rừng", 250, 400, "lít"),
    ("chè shan tuyết khô", 180, 450, "kg"),
    ("sa nhân khô", 200, 320, "kg"),
    ("tôm sú sinh thái", 180, 260, "kg"),
    ("gạo hữu cơ", 25, 45, "kg"),
    ("quế khô", 30, 60, "kg"),
    ("cà phê nhân", 90, 130, "kg"),
    ("hạt mắc ca", 60, 95, "kg"),
    ("nấm hương rừng", 250, 380, "kg"),
    ("dê núi", 140, 190, "kg"),
)
EQUIPMENT = (
    "máy siêu âm",
    "máy điện tim",
    "tủ lạnh bảo quản vắc xin",
    "máy lọc nước",
    "bộ máy tính",
    "máy chiếu",
    "giường bệnh",
    "xe lăn",
)
PARTY_GOALS = (
    "huy động nguồn lực cho phát triển bền vững",
    "củng cố nền tảng xã hội của quan hệ với các nước láng giềng",
    "quảng bá hình ảnh đất nước, con người Việt Nam",
    "đấu tranh với thông tin sai lệch về Việt Nam",
    "mở rộng quan hệ với các đối tác tiềm năng",
)
EVENT_NOUNS = ("hội nghị", "buổi làm việc", "lễ ký kết", "buổi tiếp", "chương trình", "buổi gặp mặt")
ROMAN = ("I", "II", "III", "IV")

# --- Slots --------------------------------------------------------------------------------------


def _num(value: int) -> str:
    """Return an integer with dots between thousands, as Vietnamese writes it."""
    return f"{value:,}".replace(",", ".")


def _dec(value: float, places: int = 1) -> str:
    """Return a decimal with a decimal comma and no trailing zeros ("1,2", "8,15", "3")."""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


@dataclass
class Person:
    """An invented person with a title; `ref` is how a later sentence names them ("ông Thắng")."""

    name: str
    title: str
    pronoun: str
    ref: str

    @property
    def full(self) -> str:
        """Return the person as a sentence names them the first time."""
        return f"{self.title} {self.name}"


_FEMALE_FOREIGN = frozenset(
    "Seo-yeon Hye-jin Su-bin Eun-ji Yuki Aiko Naoko Emi Anna Julia Katrin Lena Chanthala Phonesavanh Sreymom"
    " Bopha Vanna María Yanet Dayana Liset Sarah Emily Jennifer Karen Marie Sophie Claire Emma Chloe Olivia"
    " Sanne Femke Lotte Nina Sabine Carla".split()
) | {"Tuyết Mai", "Lệ Hoa"}


def _vn_person(rng: random.Random, title: str) -> Person:
    female = rng.random() < 0.4
    given = rng.choice(GIVEN_F if female else GIVEN_M)
    middle = rng.choice(MIDDLE_F if female else MIDDLE_M)
    pronoun = "bà" if female else "ông"
    return Person(f"{rng.choice(SURNAMES)} {middle} {given}", title, pronoun, f"{pronoun} {given}")


def _foreign_person(rng: random.Random, country: CountryInfo, title: str) -> Person:
    first, last = rng.choice(country.first), rng.choice(country.last)
    name = f"{last} {first}" if country.family_first else f"{first} {last}"
    pronoun = "bà" if first in _FEMALE_FOREIGN else "ông"
    return Person(name, title, pronoun, f"{pronoun} {last}")


@dataclass
class Context:
    """What stays fixed through one article: the place, the partners, the people, the date."""

    rng: random.Random
    kind: str
    province: ProvinceInfo
    communes: list[str]
    country: CountryInfo
    ngo: str
    outlet: str
    day: int
    month: int
    year: int
    leader: Person
    union_head: Person
    fa_head: Person
    guest: Person
    national: Person
    quoted: set[str] = field(default_factory=set)
    introduced: set[str] = field(default_factory=set)


def _guest_title(rng: random.Random, ngo: str, country: CountryInfo) -> str:
    if ngo.startswith("Hội Hữu nghị"):
        return f"Phó Chủ tịch {ngo} {rng.choice(country.localities)}"
    if ngo.startswith("Viện"):
        return f"Đại diện {ngo} tại {rng.choice(country.localities)}"
    return rng.choice(
        (
            f"Giám đốc quốc gia {ngo}",
            f"Trưởng đại diện {ngo} tại Việt Nam",
            f"Chủ tịch {ngo}",
            f"Điều phối viên dự án của {ngo}",
        )
    )


def _context(rng: random.Random) -> Context:
    province = rng.choice(PROVINCES)
    kind = rng.choice(
        ("review", "review", "signing", "signing", "exchange", "national", "project", "project")
    )
    if kind == "exchange":
        partner = (
            province.border if province.border and rng.random() < 0.7 else rng.choice((*NEIGHBOURS, "Cuba"))
        )
        country = _COUNTRY[partner]
    else:
        country = _COUNTRY[rng.choice(NGO_COUNTRIES)]
    ngo = rng.choice(country.ngos)
    pf = province.full
    national_title = rng.choice(
        (
            "Phó Chủ tịch Liên hiệp các tổ chức hữu nghị Việt Nam",
            "Trưởng Ban Điều phối viện trợ nhân dân (PACCOM)",
            "Phó Vụ trưởng Vụ Chính sách đối ngoại, Bộ Ngoại giao",
            "Vụ trưởng Vụ Thông tin - Văn hóa, Ủy ban Nhà nước về người Việt Nam ở nước ngoài",
            f"Phó Chủ tịch Hội Hữu nghị Việt Nam - {country.name}",
        )
    )
    fa_title = rng.choice(("Giám đốc Sở Ngoại vụ", "Phó Giám đốc Sở Ngoại vụ"))
    return Context(
        rng=rng,
        kind=kind,
        province=province,
        communes=rng.sample(province.communes, 3),
        country=country,
        ngo=ngo,
        outlet=rng.choice((*OUTLETS, f"Báo {province.name}")),
        day=rng.randint(1, 28),
        month=rng.randint(1, 11),
        year=rng.choice((2025, 2026, 2026, 2026)),
        leader=_vn_person(rng, f"Phó Chủ tịch UBND {pf}"),
        union_head=_vn_person(rng, f"Chủ tịch Liên hiệp các tổ chức hữu nghị {pf}"),
        fa_head=_vn_person(rng, f"{fa_title} {pf}"),
        guest=_foreign_person(rng, country, _guest_title(rng, ngo, country)),
        national=_vn_person(rng, national_title),
    )


class Slots(dict[str, str]):
    """Fill template slots: fixed ones from the article's Context, the others drawn afresh.

    A slot named with a trailing number ("sector2") is drawn from the same maker as "sector" but
    independently, so one sentence can hold two different sectors.
    """

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx

    def __missing__(self, key: str) -> str:
        value = _SLOT_MAKERS[key.rstrip("0123456789")](self.ctx)
        self[key] = value
        return value


def _qualifier(rng: random.Random) -> str:
    return rng.choice(("hơn ", "gần ", "khoảng ", "", "", "trên "))


def _usd(ctx: Context) -> str:
    r = ctx.rng
    form = r.randrange(4)
    if form == 0:
        return f"{_qualifier(r)}{_dec(r.uniform(0.2, 9.9))} triệu USD"
    if form == 1:
        return f"{_qualifier(r)}{_num(r.randint(30, 990) * 1000)} USD"
    if form == 2:
        return f"{_dec(r.uniform(1.0, 9.9), 2)} triệu USD"
    return f"{_qualifier(r)}{_num(r.randint(120, 990) * 1000 + r.choice((0, 500)))} USD"


def _usd_total(ctx: Context) -> str:
    r = ctx.rng
    if r.random() < 0.3:
        return f"{_dec(r.uniform(1.5, 32.0), 2)} triệu USD"
    return f"{_qualifier(r)}{_dec(r.uniform(1.5, 32.0))} triệu USD"


def _usd_national(ctx: Context) -> str:
    r = ctx.rng
    return f"{_qualifier(r)}{r.randint(220, 330)} triệu USD"


def _vnd(ctx: Context) -> str:
    r = ctx.rng
    form = r.randrange(4)
    if form == 0:
        return f"{_qualifier(r)}{_dec(r.uniform(1.0, 95.0))} tỷ đồng"
    if form == 1:
        return f"{_qualifier(r)}{r.randint(120, 990)} triệu đồng"
    if form == 2:
        return f"{_num(r.randint(1, 9) * 1000 + r.randint(1, 99) * 10)} triệu đồng"
    return f"{_dec(r.uniform(1.0, 9.9), 2)} tỷ đồng"


def _eur(ctx: Context) -> str:
    r = ctx.rng
    if r.random() < 0.5:
        return f"{_qualifier(r)}{_num(r.randint(15, 95) * 10_000)} euro"
    return f"{_qualifier(r)}{_dec(r.uniform(1.0, 6.0))} triệu euro"


def _amount(ctx: Context) -> str:
    pick = ctx.rng.random()
    if pick < 0.45:
        return _usd(ctx)
    if pick < 0.85:
        return _vnd(ctx)
    return _eur(ctx)


def _range(ctx: Context) -> str:
    r = ctx.rng
    if r.random() < 0.5:
        low = r.randint(1, 15)
        return f"từ {low} đến {low + r.randint(1, 8)} tỷ đồng"
    low = r.randint(2, 18) * 50
    return f"từ {low} đến {low + r.randint(1, 12) * 50} triệu đồng"


def _range_household(ctx: Context) -> str:
    low = ctx.rng.randint(4, 30)
    return f"từ {low} đến {low + ctx.rng.randint(2, 15)} triệu đồng"


def _nrange(ctx: Context) -> str:
    low = ctx.rng.randint(3, 40)
    return f"từ {low} đến {low + ctx.rng.randint(2, 20)}"


def _price(ctx: Context) -> str:
    product, low, high, unit = ctx.rng.choice(PRODUCTS)
    return f"{product} được thu mua với giá {_num(ctx.rng.randint(low, high) * 1000)} đồng/{unit}"


def _income(ctx: Context) -> str:
    return f"{_dec(ctx.rng.uniform(0.8, 4.5))} triệu đồng"


def _income_rise(ctx: Context) -> str:
    low = ctx.rng.uniform(0.9, 3.5)
    return f"từ {_dec(low)} triệu đồng lên {_dec(low * ctx.rng.uniform(1.2, 2.1))} triệu đồng"


def _pct_drop(ctx: Context) -> str:
    high = ctx.rng.uniform(12, 55)
    return f"từ {_dec(high)}% xuống còn {_dec(high * ctx.rng.uniform(0.35, 0.85))}%"


def _usd_drop(ctx: Context) -> str:
    high = ctx.rng.uniform(0.8, 9.0)
    return f"từ {_dec(high, 2)} triệu USD xuống còn {_dec(high * ctx.rng.uniform(0.4, 0.9), 2)} triệu USD"


def _pct(low: float, high: float) -> Callable[[Context], str]:
    def make(ctx: Context) -> str:
        r = ctx.rng
        value = r.uniform(low, high)
        return f"{_dec(value)}%" if r.random() < 0.5 else f"{round(value)}%"

    return make


def _counted(low: int, high: int, noun: str, qualified: bool = False) -> Callable[[Context], str]:
    def make(ctx: Context) -> str:
        value = ctx.rng.randint(low, high)
        prefix = ""
        if qualified and ctx.rng.random() < 0.6:  # "hơn 1.200 đoàn": a qualified count is a round one
            prefix = _qualifier(ctx.rng)
            step = 10 ** max(len(str(value)) - 2, 0)
            value = max(step, value // step * step)
        return f"{prefix}{_num(value)}{' ' if noun else ''}{noun}"

    return make


def _people(ctx: Context) -> str:
    r = ctx.rng
    return f"{_qualifier(r)}{_num(r.randint(3, 95) * 100 + r.choice((0, 0, 50)))} lượt người"


def _work(ctx: Context) -> str:
    name, low, high = ctx.rng.choice(WORKS)
    return f"{ctx.rng.randint(low, high)} {name}"


def _deadline(ctx: Context) -> str:
    r = ctx.rng
    month = r.randint(ctx.month + 1, 12)
    year = ctx.year if r.random() < 0.85 else ctx.year + 1
    day = r.randint(1, 28 if month == 2 else 30)
    return f"trước ngày {day}/{month}/{year}"


def _date(ctx: Context) -> str:
    r = ctx.rng
    return f"ngày {r.randint(1, 28)}/{r.randint(1, 12)}/{ctx.year - r.randint(0, 2)}"


def _month_year(ctx: Context) -> str:
    return f"tháng {ctx.rng.randint(1, 12)}/{ctx.year + ctx.rng.choice((0, 1, 1))}"


def _month_past(ctx: Context) -> str:
    r = ctx.rng
    year = ctx.year - r.randint(1, 3)
    return f"tháng {r.randint(1, 12)}/{year}"


def _quarter(ctx: Context) -> str:
    return f"quý {ctx.rng.choice(ROMAN)}/{ctx.year + ctx.rng.choice((0, 1))}"


def _period(ctx: Context) -> str:
    start = ctx.rng.choice((2026, 2026, ctx.year, ctx.year + 1))
    return f"giai đoạn {start}-{start + ctx.rng.choice((2, 3, 4))}"


def _period_past(ctx: Context) -> str:
    start = ctx.rng.choice((2016, 2019, 2020, 2021, 2021))
    return f"giai đoạn {start}-{start + ctx.rng.choice((3, 4, 4))}"


def _target_year(ctx: Context) -> str:
    return f"đến năm {ctx.rng.choice((2027, 2028, 2030, 2030, 2030, 2035))}"


def _local_ref(ctx: Context) -> str:
    r = ctx.rng
    number = r.randint(12, 3900)
    when = f"ngày {r.randint(1, 28)}/{r.randint(1, 12)}/{ctx.year - r.randint(0, 2)}"
    unit = ctx.province.full
    return r.choice(
        (
            f"Quyết định số {number}/QĐ-UBND {when} của UBND {unit}",
            f"Kế hoạch số {number}/KH-UBND {when} của UBND {unit}",
            f"Nghị quyết số {number}/NQ-HĐND {when} của HĐND {unit}",
        )
    )


def _months_ytd(ctx: Context) -> str:
    return str(ctx.rng.randint(2, max(2, ctx.month)))


def _other_country(ctx: Context) -> str:
    return ctx.rng.choice([c for c in NGO_COUNTRIES if c != ctx.country.name])


def _former(ctx: Context, suffix: str) -> str:
    p = ctx.province
    # every unit merged away on 1 July 2025 was a province ("tỉnh"), even where the result is a city
    return f"tỉnh {ctx.rng.choice(p.former)} {suffix}" if p.former else p.full


_SLOT_MAKERS: dict[str, Callable[[Context], str]] = {
    "P": lambda c: c.province.name,
    "Pfull": lambda c: c.province.full,
    "Pkind": lambda c: c.province.kind,
    "party": lambda c: f"{c.province.party} {c.province.name}",
    "UB": lambda c: f"UBND {c.province.full}",
    "xa": lambda c: c.rng.choice(c.communes),
    "xaA": lambda c: c.communes[0],
    "xaB": lambda c: c.communes[1],
    "xaC": lambda c: c.communes[2],
    "former": lambda c: _former(c, "(cũ)"),
    "former_was": lambda c: _former(c, "trước đây"),
    "country": lambda c: c.country.name,
    "other_country": _other_country,
    "locality": lambda c: c.rng.choice(c.country.localities),
    "ngo": lambda c: c.ngo if c.country.name in c.ngo else f"{c.ngo} ({c.country.name})",
    "ngo_short": lambda c: c.ngo,
    "union": lambda c: f"Liên hiệp các tổ chức hữu nghị {c.province.full}",
    "friend": lambda c: f"Hội Hữu nghị Việt Nam - {c.country.name} {c.province.full}",
    "leader": lambda c: c.leader.full,
    "union_head": lambda c: c.union_head.full,
    "guest_ref": lambda c: c.guest.ref,
    "national": lambda c: c.national.full,
    "dept": lambda c: c.rng.choice(DEPARTMENTS),
    "sector": lambda c: c.rng.choice(SECTORS),
    "benef": lambda c: c.rng.choice(BENEFICIARIES),
    "equip": lambda c: c.rng.choice(EQUIPMENT),
    "goal": lambda c: c.rng.choice(PARTY_GOALS),
    "event_noun": lambda c: c.rng.choice(EVENT_NOUNS),
    "dm": lambda c: f"{c.day}/{c.month}",
    "dm_end": lambda c: f"{min(c.day + c.rng.randint(1, 3), 28)}/{c.month}",
    "dmy": lambda c: f"{c.day}/{c.month}/{c.year}",
    "year": lambda c: str(c.year),
    "prev_year": lambda c: str(c.year - 1),
    "next_year": lambda c: str(c.year + 1),
    "usd": _usd,
    "usd_total": _usd_total,
    "usd_nat": _usd_national,
    "usd_drop": _usd_drop,
    "vnd": _vnd,
    "eur": _eur,
    "amount": _amount,
    "range": _range,
    "range_hh": _range_household,
    "nrange": _nrange,
    "price": _price,
    "income": _income,
    "income_rise": _income_rise,
    "gift_value": lambda c: f"{_num(c.rng.randint(5, 40) * 100_000)} đồng",
    "pct_low": _pct(2, 30),
    "pct_mid": _pct(20, 70),
    "pct_hi": _pct(60, 98),
    "pct_drop": _pct_drop,
    "people": _people,
    "households": _counted(40, 2400, "hộ"),
    "work": _work,
    "projects": _counted(4, 96, "dự án"),
    "programs": _counted(3, 45, "chương trình, dự án"),
    "orgs": _counted(8, 140, "tổ chức phi chính phủ nước ngoài"),
    "delegations": _counted(6, 1300, "đoàn", qualified=True),
    "visitors": _counted(40, 6000, "lượt khách", qualified=True),
    "scholarships": _counted(20, 600, "suất học bổng"),
    "gifts": _counted(50, 2000, "suất quà"),
    "volunteers": _counted(3, 80, "tình nguyện viên"),
    "donors": _counted(200, 9000, "nhà hảo tâm", qualified=True),
    "partners": _counted(800, 3200, "đối tác nước ngoài", qualified=True),
    "cadres": _counted(50, 900, "cán bộ trẻ"),
    "events": _counted(100, 2000, "sự kiện", qualified=True),
    "ha": _counted(12, 2600, "ha"),
    "km": _counted(8, 190, "km"),
    "pupils": _counted(80, 2400, "học sinh"),
    "classes": _counted(6, 180, "lớp tập huấn"),
    "points": _counted(12, 180, "điểm cầu"),
    "n": _counted(2, 60, ""),
    "months": _counted(6, 48, ""),
    "months_ytd": _months_ytd,
    "deadline": _deadline,
    "date": _date,
    "month_year": _month_year,
    "month_past": _month_past,
    "quarter": _quarter,
    "period": _period,
    "period_past": _period_past,
    "target_year": _target_year,
    "local_ref": _local_ref,
}

# --- Templates ----------------------------------------------------------------------------------
# Sentences are grouped by the part of an article they belong to. Slots in braces are filled by
# `Slots`; a slot named twice in one sentence has one value. Every template holds at least one
# slot with many values (an amount, a count, a name, a date) so that sentences rarely repeat.

TITLES: dict[str, tuple[str, ...]] = {
    "review": (
        "{P} tổng kết công tác phi chính phủ nước ngoài năm {prev_year}: {projects} được phê duyệt",
        "{P}: viện trợ phi chính phủ nước ngoài đạt {usd_total} trong năm {prev_year}",
        "{P} tiếp nhận {projects} viện trợ, tổng giá trị {amount}",
        "Nâng cao hiệu quả vận động viện trợ phi chính phủ nước ngoài tại {P}, hướng tới {usd_total}",
    ),
    "signing": (
        "{ngo_short} tài trợ {amount} xây {work} tại {P}",
        "Ký kết thỏa thuận hợp tác trị giá {amount} giữa {union} và {ngo_short}",
        "Đối tác {country} chung tay vì {benef} ở xã {xaA}, {Pfull}",
    ),
    "exchange": (
        "Giao lưu hữu nghị nhân dân {P} và {locality} ({country}) năm {year}",
        "Thắt chặt tình hữu nghị Việt Nam - {country} từ xã {xaA}, {Pfull}",
        "{P} đón đoàn đại biểu {locality} gồm {n} thành viên sang thăm và làm việc",
    ),
    "national": (
        "Liên hiệp các tổ chức hữu nghị Việt Nam đặt mục tiêu vận động {usd_nat} viện trợ năm {next_year}",
        "Phát huy vai trò đối ngoại nhân dân trong {period}: hội nghị kết nối {points}",
        "Hội nghị đối ngoại nhân dân ngày {dmy} bàn cách vận động {partners}",
    ),
    "project": (
        "Bàn giao {work} do {ngo_short} tài trợ tại xã {xaA}, {Pfull}",
        "Dự án {sector} giúp {households} ở {P} cải thiện cuộc sống",
        "{ngo_short} khởi động dự án {sector} trị giá {amount} tại {P}",
    ),
}

LEADS: dict[str, tuple[str, ...]] = {
    "review": (
        "Ngày {dm}, {UB} tổ chức hội nghị tổng kết công tác phi chính phủ nước ngoài năm {prev_year} và"
        " triển khai nhiệm vụ năm {year}, với sự tham dự của đại diện {orgs}.",
        "Sáng {dm}, Ban Chỉ đạo công tác phi chính phủ nước ngoài {Pfull} họp đánh giá kết quả vận động"
        " viện trợ năm {prev_year}; {leader} chủ trì cuộc họp.",
        "Chiều {dmy}, tại trụ sở {UB}, {leader} chủ trì hội nghị sơ kết công tác vận động viện trợ với sự"
        " tham gia của {orgs}.",
    ),
    "signing": (
        "Ngày {dm}, {union} tiếp và làm việc với đoàn {ngo} do {guest_ref} dẫn đầu; hai bên đã ký thỏa"
        " thuận tài trợ trị giá {amount}.",
        "Chiều {dmy}, tại {Pfull}, {union} và {ngo} ký biên bản ghi nhớ hợp tác trong lĩnh vực {sector},"
        " với tổng kinh phí dự kiến {amount}.",
        "Sáng {dm}, {union_head} đã tiếp đoàn công tác của {ngo} sang khảo sát nhu cầu hỗ trợ {sector} tại"
        " xã {xaA}.",
    ),
    "exchange": (
        "Ngày {dm}, tại xã {xaA}, {friend} tổ chức chương trình giao lưu hữu nghị với đoàn đại biểu"
        " {locality} gồm {n} thành viên.",
        "Từ ngày {dm} đến ngày {dm_end}, đoàn đại biểu {locality} ({country}) do {guest_ref} dẫn đầu đã"
        " sang thăm và làm việc tại {Pfull}.",
        "Tối {dmy}, {union} phối hợp với {friend} tổ chức đêm giao lưu văn hóa, thu hút {people} tham dự.",
    ),
    "national": (
        "Ngày {dm}, tại Hà Nội, Liên hiệp các tổ chức hữu nghị Việt Nam tổ chức hội nghị trực tuyến tới"
        " {points} về công tác vận động viện trợ phi chính phủ nước ngoài.",
        "Sáng {dmy}, Bộ Ngoại giao phối hợp với Liên hiệp các tổ chức hữu nghị Việt Nam tổ chức diễn đàn về"
        " đối ngoại nhân dân, với sự tham gia của đại diện {orgs}.",
        "Ngày {dm}, Ủy ban Nhà nước về người Việt Nam ở nước ngoài và Liên hiệp các tổ chức hữu nghị Việt"
        " Nam đồng chủ trì hội nghị về vai trò của kiều bào, kết nối trực tuyến với {points}.",
    ),
    "project": (
        "Ngày {dm}, tại xã {xaA}, {ngo} phối hợp với {union} bàn giao {work} cho địa phương, tổng kinh phí"
        " {amount}.",
        "Sáng {dmy}, {ngo} và {UB} tổ chức lễ khởi động dự án hỗ trợ {sector} cho {benef} tại xã {xaA} và"
        " xã {xaB}.",
        "Ngày {dm}, {union} cùng {ngo} tổng kết dự án {sector} triển khai tại các xã {xaA}, {xaB} từ"
        " {month_past}.",
    ),
}

BODY: dict[str, tuple[str, ...]] = {
    "stats": (
        "Theo báo cáo của Sở Ngoại vụ, năm {prev_year} toàn {Pkind} tiếp nhận {programs} với tổng giá trị"
        " cam kết {usd_total}, giải ngân đạt {pct_hi}.",
        "Trong {months_ytd} tháng đầu năm {year}, {Pfull} đã phê duyệt {projects} với tổng vốn {amount},"
        " tăng {pct_low} so với cùng kỳ.",
        "Lĩnh vực {sector} chiếm tỷ trọng lớn nhất với khoảng {pct_mid} tổng vốn, tiếp đến là {sector2} với"
        " {pct_low}.",
        "Riêng xã {xa} đã nhận được {amount} để xây dựng {work}, phục vụ {benef}.",
        "Hiện có {orgs} đang hoạt động tại {Pfull}, trong đó {n} tổ chức đến từ {country}.",
        "Tổng giá trị viện trợ giải ngân trong năm {prev_year} đạt {amount}, trong đó viện trợ phi dự án"
        " chiếm {pct_low}.",
        "Các khoản viện trợ có giá trị {range} chiếm khoảng {pct_mid} số hồ sơ được thẩm định trong năm"
        " {year}.",
        "So với năm {prev_year}, số dự án mới tăng thêm {n}, song quy mô bình quân mỗi dự án chỉ còn {usd}.",
        "Thông qua các dự án, {people} được khám bệnh, cấp thuốc miễn phí và {scholarships} được trao cho"
        " học sinh nghèo vượt khó.",
        "Nguồn viện trợ đã giúp xây mới {work}, sửa chữa {work2} và hỗ trợ sinh kế cho {households} tại các"
        " xã vùng sâu.",
        "Riêng các đối tác {country} cam kết {amount} cho {projects}, chủ yếu trong lĩnh vực {sector}.",
        "Tỷ lệ giải ngân của các dự án {sector} đạt {pct_hi}, cao hơn mức bình quân chung khoảng {pct_low}.",
        "Tính riêng {quarter}, {Pfull} tiếp nhận thêm {amount} từ {orgs}.",
    ),
    "project": (
        "Dự án được triển khai từ {month_past} tại các xã {xaA}, {xaB} và {xaC}, với tổng kinh phí {amount}.",
        "Theo thiết kế, mỗi hộ tham gia được hỗ trợ {range_hh} để phát triển chăn nuôi, trồng trọt; đến nay"
        " đã có {households} được thụ hưởng.",
        "Nhờ hợp đồng bao tiêu, {price}, cao hơn giá bán lẻ ngoài chợ khoảng {pct_low}.",
        "Sau {months} tháng thực hiện, dự án đã tổ chức {classes} cho {people} và thành lập {n} tổ hợp tác.",
        "Thu nhập bình quân của {households} tham gia ở xã {xa} tăng {income_rise} mỗi người một tháng.",
        "Công trình gồm {work} và {work2}, dự kiến hoàn thành trong {quarter} với tổng mức đầu tư {vnd}.",
        "Phía đối tác cam kết cử {volunteers} sang hỗ trợ chuyên môn cho cán bộ xã {xa} trong {period}.",
        "Ngoài phần vốn của nhà tài trợ, địa phương bố trí {vnd} vốn đối ứng để làm đường vào công trình và"
        " giải phóng mặt bằng tại xã {xa}.",
        "Đến nay, {work} đã được đưa vào sử dụng, phục vụ {pupils} ở xã {xa}.",
        "Giai đoạn hai của dự án, dự kiến bắt đầu từ {quarter}, sẽ mở rộng sang xã {xaC} với kinh phí"
        " {range}.",
        "Tại xã {xa}, {households} tham gia mô hình trồng dược liệu dưới tán rừng trên diện tích {ha}.",
        "Dự án cũng trang bị {n} {equip} cho các trạm y tế và điểm trường, tổng trị giá {vnd}.",
        "Tỷ lệ hộ nghèo tại các xã hưởng lợi đã giảm {pct_drop} sau {months} tháng.",
        "Khoảng {pct_mid} số hộ tham gia do phụ nữ làm chủ; {n} người đã được đào tạo làm cán bộ khuyến nông"
        " cộng đồng ở xã {xa}.",
    ),
    "exchange": (
        "Nhân dịp này, {friend} trao tặng nhân dân {locality} {gifts} và {amount} tiền mặt.",
        "Hai bên đã trao đổi kinh nghiệm về {sector}, thống nhất tổ chức giao lưu luân phiên mỗi năm một"
        " lần trong {period}, bắt đầu từ {month_year}.",
        "Trong chuyến thăm, đoàn đã đến {work} do nhân dân {country} giúp xây dựng ở xã {xa}, với tổng vốn"
        " {vnd}.",
        "Từ đầu năm đến nay, {friend} đã tổ chức {n} hoạt động giao lưu và đón {visitors} từ nước bạn.",
        "Các em học sinh xã {xa} biểu diễn nhiều tiết mục văn nghệ đặc sắc trước {people} hai nước.",
        "Phía bạn trao tặng {n} gia đình chính sách ở xã {xa} số tiền tương đương {vnd}.",
        "Hai bên nhất trí phối hợp tuyên truyền phòng, chống mua bán người tại {n} bản giáp biên thuộc các"
        " xã {xaA}, {xaB}.",
        "Trong {period_past}, {Pfull} đã cấp {scholarships} cho sinh viên {country} theo học tại các trường"
        " trên địa bàn, tổng trị giá {vnd}.",
        "Dịp này, {volunteers} của {Pfull} tham gia khám bệnh, phát thuốc miễn phí cho {people} ở"
        " {locality}.",
        "Năm {year}, {friend} dự kiến tổ chức {n} đợt giao lưu thanh niên với {locality}, mỗi đợt khoảng"
        " {visitors}.",
        "Hai bên ký biên bản ghi nhớ cho {period}, trong đó {Pfull} hỗ trợ đào tạo {n} cán bộ y tế cơ sở cho"
        " {locality}.",
        "Đoàn {locality} cũng làm việc với {dept} {Pfull} về hợp tác trong lĩnh vực {sector}, với nhu cầu"
        " vốn khoảng {amount}.",
    ),
    "national": (
        "Theo Ban Điều phối viện trợ nhân dân (PACCOM), trong năm {prev_year} các tổ chức phi chính phủ nước"
        " ngoài đã giải ngân {usd_nat} tại Việt Nam, tăng {pct_low} so với năm trước.",
        "Hệ thống Liên hiệp các tổ chức hữu nghị đã đón {delegations} khách quốc tế và cử {delegations2} ra"
        " nước ngoài hoạt động trong năm {prev_year}.",
        "Khoảng {pct_mid} nguồn viện trợ được phân bổ cho các tỉnh miền núi, biên giới; riêng {Pfull} nhận"
        " {usd}.",
        "Các đại biểu thống nhất tiếp tục quán triệt Chỉ thị số 12-CT/TW ngày 5/1/2022 của Ban Bí thư, coi"
        " đây là nền tảng để {goal} trong {period}, với chỉ tiêu {events} mỗi năm.",
        "Cơ sở dữ liệu thống nhất về {partners} dự kiến được đưa vào vận hành trong {quarter}.",
        "Hội nghị đặt mục tiêu vận động {usd_nat} viện trợ phi chính phủ nước ngoài trong năm {next_year},"
        " tập trung vào {sector} và {sector2}.",
        "Cộng đồng khoảng 6 triệu người Việt Nam ở nước ngoài là nhịp cầu quan trọng; riêng tại {country}"
        " đã có {n} hội đoàn kiều bào tham gia {events} giao lưu trong năm {year}.",
        "Trong {period}, Liên hiệp ưu tiên chuyển đổi số, đào tạo {cadres} và mở rộng quan hệ với {orgs}.",
        "Năm {prev_year}, các hội hữu nghị song phương đã tổ chức {events} giao lưu, thu hút {people} tham"
        " gia.",
        "Theo báo cáo, {n} địa phương đã kiện toàn bộ máy làm công tác đối ngoại nhân dân sau khi sắp xếp,"
        " trong đó {Pfull} được đánh giá có nhiều cách làm mới.",
        "Các đối tác {country} tiếp tục dẫn đầu về giá trị viện trợ với {usd_total}, tiếp theo là đối tác đến"
        " từ {other_country}.",
        "Ủy ban Nhà nước về người Việt Nam ở nước ngoài cho biết kiều bào đã đóng góp {amount} cho các"
        " chương trình an sinh xã hội trong {months_ytd} tháng đầu năm {year}.",
    ),
    "context": (
        "Sau khi hợp nhất với {former}, địa bàn {Pfull} rộng hơn, nhu cầu về {sector} ở {n} xã khó khăn cũng"
        " tăng lên.",
        "Xã {xa} nằm trên địa bàn {former_was}, nơi tỷ lệ hộ nghèo vẫn ở mức {pct_low}.",
        "Từ ngày 1/7/2025, khi chính quyền địa phương hai cấp đi vào hoạt động, {n} xã của {Pfull}, trong đó"
        " có {xaA} và {xaB}, lần đầu trực tiếp làm chủ dự án viện trợ.",
        "Hồ sơ viện trợ hiện được thẩm định theo Nghị định số 80/2020/NĐ-CP, thời gian xử lý bình quân rút"
        " xuống còn {n} ngày làm việc, giảm {pct_low} so với trước.",
        "Công tác vận động viện trợ của {Pfull} được triển khai theo {local_ref}.",
        "{country} hiện là một trong những đối tác lớn của {Pfull}, với {projects} đang triển khai và tổng"
        " vốn {usd}.",
        "Theo ngành giáo dục, tỷ lệ phòng học kiên cố bậc mầm non ở xã {xa} mới đạt {pct_mid}, thấp hơn bình"
        " quân chung của {Pkind} khoảng {pct_low}.",
        "Nhiều gia đình ở xã {xa} vẫn sống chủ yếu nhờ nương rẫy, thu nhập bình quân chỉ khoảng {income} mỗi"
        " người một tháng.",
        "Từ {date}, {Pfull} đã ký {n} thỏa thuận hợp tác với các đối tác của {country}, tổng trị giá"
        " {amount}.",
        "Việc đăng ký hoạt động của tổ chức phi chính phủ nước ngoài được thực hiện theo Nghị định số"
        " 58/2022/NĐ-CP; hiện {orgs} có giấy đăng ký còn hiệu lực tại {Pfull}.",
        "Năm {prev_year}, {Pfull} có {n} đoàn cán bộ đi học tập kinh nghiệm tại {country}, với kinh phí do"
        " đối tác tài trợ khoảng {amount}.",
        "Xã {xa} cách trung tâm {Pkind} khoảng {km}, có {households} sinh sống, phần lớn là {benef}.",
    ),
    "difficulty": (
        "Tuy vậy, {n} khoản viện trợ có giá trị {range} vẫn chậm phê duyệt do chủ dự án ở cấp xã chưa quen"
        " quy trình.",
        "Báo cáo chỉ ra {n} hồ sơ phải bổ sung nhiều lần, khiến tỷ lệ giải ngân của {Pfull} chỉ đạt"
        " {pct_mid} trong {quarter}.",
        "Một số đối tác phản ánh thời gian cấp phép cho chuyên gia vào các xã vùng sâu, vùng xa như {xa} kéo"
        " dài tới {n} ngày.",
        "Việc theo dõi, đánh giá sau dự án chưa thường xuyên; {projects} với tổng vốn {amount} chưa nộp báo"
        " cáo quyết toán đúng hạn.",
        "Nguồn viện trợ cho {sector} có xu hướng giảm, {usd_drop} trong vòng {n} tháng.",
        "Đội ngũ cán bộ làm công tác phi chính phủ nước ngoài ở cấp xã còn mỏng, {pct_mid} số xã của"
        " {Pfull} chưa có người được tập huấn về quản lý viện trợ.",
        "Một số công trình tại xã {xa} phải điều chỉnh thiết kế do giá vật liệu tăng khoảng {pct_low}, làm"
        " phát sinh thêm {vnd}.",
    ),
    "target": (
        "Năm {next_year}, {Pfull} phấn đấu vận động ít nhất {usd_total} viện trợ phi chính phủ nước ngoài,"
        " tăng {pct_low} so với năm {year}.",
        "Mục tiêu {target_year} là hoàn thành {work} tại các xã biên giới và vùng khó khăn của {Pfull}, với"
        " tổng vốn khoảng {amount}.",
        "{UB} đề ra mục tiêu trong {period} mỗi năm tiếp nhận {nrange} dự án mới, tổng vốn không dưới"
        " {usd_total}.",
        "Các bên thống nhất ưu tiên nguồn lực cho {benef}, phấn đấu {target_year} giảm tỷ lệ hộ nghèo ở xã"
        " {xa} xuống dưới {pct_low}.",
        "Trong {quarter}, {union} sẽ cử {n} đoàn công tác sang {country} để vận động đối tác mới, với kinh"
        " phí dự kiến {vnd}.",
        "{Pfull} đặt mục tiêu {target_year} có ít nhất {pct_hi} số xã khó khăn được hưởng lợi từ các dự án"
        " viện trợ.",
    ),
    "closing": (
        "Dịp này, {UB} tặng bằng khen cho {n} tập thể và {n2} cá nhân có thành tích trong công tác phi chính"
        " phủ nước ngoài.",
        "Hai bên thống nhất sẽ tổ chức buổi làm việc tiếp theo vào {month_year} tại {locality} để đánh giá"
        " tiến độ giải ngân khoản tài trợ {amount}.",
        "Dự kiến, lễ khánh thành {work} tại xã {xa} sẽ được tổ chức trong {quarter}, sau {months} tháng thi"
        " công.",
        "Chương trình khép lại bằng tiết mục văn nghệ của {pupils} xã {xa} và lời hẹn gặp lại vào"
        " {month_year}.",
        "Cũng tại {event_noun}, đại diện {orgs} đã đăng ký tham gia chương trình vận động năm {next_year} với"
        " tổng kinh phí dự kiến {amount}.",
        "Trước đó, {guest_ref} và đoàn công tác đã đến thăm {work} tại xã {xa}, do tổ chức tài trợ từ"
        " {month_past}.",
        "Sau {event_noun}, đoàn đã trao {gifts} cho {benef} tại xã {xa}, mỗi suất trị giá {gift_value}.",
    ),
}

DIRECTIVES: tuple[str, ...] = (
    "{UB} giao Sở Ngoại vụ chủ trì, phối hợp với {dept} và UBND các xã {xaA}, {xaB} {task}, hoàn thành"
    " {deadline}.",
    "Kết luận {event_noun}, {leader} giao {dept} chủ trì, phối hợp với {union} {task} {deadline}.",
    "{leader} yêu cầu Sở Ngoại vụ khẩn trương {task}, báo cáo {UB} {deadline}.",
    "{UB} đề nghị {union} phối hợp với {dept} {task} trong {quarter}.",
    "Ban Thường vụ {party} giao {friend} chủ trì, phối hợp với Sở Ngoại vụ {task}, báo cáo {deadline}.",
    "Theo chỉ đạo của {UB}, {dept} có trách nhiệm {task} {deadline}.",
    "{leader} giao UBND xã {xa} chủ trì, phối hợp với {dept} {task}, bảo đảm hoàn thành {deadline}.",
)
NATIONAL_DIRECTIVES: tuple[str, ...] = (
    "{national} đề nghị liên hiệp các tổ chức hữu nghị địa phương {task}, gửi về Thường trực Liên hiệp"
    " {deadline}.",
    "Kết luận hội nghị, Chủ tịch Liên hiệp các tổ chức hữu nghị Việt Nam giao Ban Điều phối viện trợ nhân"
    " dân chủ trì, phối hợp với {union} và các địa phương {task}, báo cáo {deadline}.",
    "Bộ Ngoại giao đề nghị Liên hiệp các tổ chức hữu nghị Việt Nam phối hợp với Ủy ban Nhà nước về người"
    " Việt Nam ở nước ngoài {task} trong {quarter}.",
    "{national} giao các ban chuyên môn {task}, trình Đoàn Chủ tịch {deadline}.",
)
TASKS: tuple[str, ...] = (
    "rà soát danh mục dự án viện trợ đang triển khai",
    "hoàn thành thủ tục tiếp nhận các khoản viện trợ còn tồn đọng",
    "xây dựng quy trình liên thông tiếp nhận viện trợ ở cấp xã",
    "hoàn tất giải phóng mặt bằng cho các công trình do đối tác {country} tài trợ",
    "xây dựng đề án nhân rộng mô hình tổ hợp tác sau dự án",
    "tổng hợp kết quả sử dụng trang thiết bị viện trợ năm {prev_year}",
    "xây dựng kế hoạch vận động viện trợ cho {period}",
    "tổ chức tập huấn về quản lý viện trợ cho cán bộ các xã {xaA}, {xaC}",
    "cập nhật cơ sở dữ liệu đối tác nước ngoài",
    "chuẩn bị nội dung làm việc với đoàn {locality}",
    "đánh giá hiệu quả các dự án {sector} kết thúc trong năm {year}",
    "lập danh mục dự án ưu tiên kêu gọi tài trợ cho lĩnh vực {sector}",
)

QUOTE_FORMS: tuple[str, ...] = (
    "“{q}”, {ref} nói.",
    "Phát biểu tại {event_noun}, {full} nhấn mạnh: “{q}.”",
    "{full} khẳng định: “{q}.”",
    "“{q}”, {ref} chia sẻ.",
    "Trả lời phóng viên bên lề {event_noun}, {full} cho biết: “{q}.”",
    "{full} bày tỏ: “{q}.”",
)
HOST_QUOTES: tuple[str, ...] = (
    "Mỗi {work_noun} dựng lên ở xã {xa} là minh chứng cho tình hữu nghị giữa nhân dân Việt Nam và nhân dân"
    " {country}",
    "{P} cam kết tạo mọi điều kiện thuận lợi để {ngo_short} yên tâm gắn bó lâu dài",
    "Quan trọng hơn con số {usd} là hiệu quả thực chất của từng dự án đối với {benef}",
    "Đối ngoại nhân dân phải đến được với từng thôn, bản như ở xã {xa}, không chỉ dừng ở hội trường",
    "Sự hỗ trợ của {ngo_short} đến đúng lúc, đúng chỗ; chúng tôi sẽ giám sát để từng đồng viện trợ đến được"
    " với {benef}",
    "Không để dự án nào ở {P} phải dừng lại chỉ vì chậm thủ tục, nhất là các dự án về {sector}",
    "Nguồn lực {amount} sẽ được sử dụng công khai, minh bạch, có sự giám sát của cộng đồng",
    "Điều đáng quý nhất là người dân xã {xa} đã tự tính được lãi lỗ, tự thương lượng với người mua",
    "Năm {next_year}, {P} cần thêm ít nhất {usd} để hoàn thành các công trình {sector} còn dang dở",
)
NATIONAL_QUOTES: tuple[str, ...] = (
    "Mỗi kiều bào ở {country} có thể trở thành một sứ giả văn hóa, góp phần vận động {partners}",
    "Năm {next_year}, mục tiêu {usd_nat} là thách thức, nhưng các địa phương như {P} đã cho thấy cách làm",
    "Đối ngoại nhân dân không phải hoạt động bổ trợ; {events} mỗi năm phải mang lại kết quả cụ thể",
)
GUEST_QUOTES: tuple[str, ...] = (
    "Chúng tôi không chỉ trao tiền rồi đi, chúng tôi muốn người dân xã {xa} tự làm chủ sinh kế của mình",
    "Chúng tôi đến {P} với một dự án nhưng ra về với rất nhiều người bạn ở xã {xa}",
    "Trẻ em có chỗ học an toàn thì gia đình mới yên tâm, cả cộng đồng ở xã {xa} mới phát triển",
    "Năm {next_year}, chúng tôi mong được mở rộng hợp tác sang lĩnh vực {sector} tại {P}",
    "Chúng tôi sẽ quay lại xã {xa} vào ngày khánh thành và tiếp tục đồng hành trong {period}",
    "Người dân {country} luôn dõi theo và trân trọng những đổi thay ở {P}, nhất là trong lĩnh vực {sector}",
    "Tình cảm giữa nhân dân hai nước được vun đắp qua nhiều thế hệ, từ những việc làm cụ thể như ở xã {xa}",
    "Chúng tôi đã vận động được {amount} từ {donors} ở {country} cho dự án này",
    "Đường biên giới không ngăn cách mà nối liền những bản làng hai bên, như xã {xa} với {locality}",
)
WORK_NOUNS = ("ngôi trường", "lớp học", "trạm y tế", "công trình nước sạch", "cây cầu", "mái nhà")


_QUALIFIERS = "khoảng|ít nhất|không dưới|chỉ còn|gần|hơn|trên"
_DOUBLE_QUALIFIER = re.compile(rf"\b({_QUALIFIERS}) (?:{_QUALIFIERS}) ")


def _fill(template: str, slots: Slots) -> str:
    text = _DOUBLE_QUALIFIER.sub(r"\1 ", template.format_map(slots))  # "khoảng hơn 5 tỷ" -> "khoảng 5 tỷ"
    for i, ch in enumerate(text):  # capitalize the first letter, even after an opening quote
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :]
    return text


def _quote(ctx: Context, slots: Slots) -> str:
    rng = ctx.rng
    hosts = [ctx.leader, ctx.union_head, ctx.fa_head, ctx.national if ctx.kind == "national" else ctx.leader]
    speaker = ctx.guest if rng.random() < 0.4 else rng.choice(hosts)
    if speaker is ctx.guest:
        pool = GUEST_QUOTES if ctx.kind == "exchange" else GUEST_QUOTES[:-1]
        full = f"{speaker.pronoun} {speaker.name}, {speaker.title},"
    else:
        pool = HOST_QUOTES + NATIONAL_QUOTES if ctx.kind == "national" else HOST_QUOTES
        full = speaker.full
    fresh = [q for q in pool if q not in ctx.quoted] or list(pool)  # no quote twice in one article
    body = rng.choice(fresh)
    ctx.quoted.add(body)
    slots["work_noun"] = rng.choice(WORK_NOUNS)
    words = _fill(body, slots)
    # a speaker is named with their title the first time, as a reporter would
    named = speaker.name in ctx.introduced and rng.random() < 0.7
    forms = [f for f in QUOTE_FORMS if ("{ref}" in f) == named]
    ctx.introduced.add(speaker.name)
    form = rng.choice(forms).replace("{q}", words).replace("{full}", full).replace("{ref}", speaker.ref)
    return _fill(form, slots)


def _directive(ctx: Context, slots: Slots) -> str:
    task = ctx.rng.choice(TASKS).format_map(slots)
    forms = NATIONAL_DIRECTIVES if ctx.kind == "national" else DIRECTIVES
    return _fill(ctx.rng.choice(forms).replace("{task}", task), slots)


_PLANS: dict[str, tuple[str, ...]] = {
    "review": ("stats", "stats", "context", "quote", "difficulty", "stats", "project", "quote", "target"),
    "signing": ("project", "context", "quote", "project", "stats", "quote", "context", "target"),
    "exchange": ("exchange", "exchange", "quote", "context", "exchange", "quote", "exchange", "target"),
    "national": ("national", "national", "quote", "national", "context", "quote", "national", "target"),
    "project": ("project", "project", "quote", "context", "project", "stats", "quote", "target"),
}
_FILLERS: dict[str, tuple[str, ...]] = {
    "review": ("stats", "project", "context", "quote", "difficulty", "target"),
    "signing": ("project", "context", "quote", "stats", "target", "difficulty"),
    "exchange": ("exchange", "context", "quote", "exchange", "target", "stats"),
    "national": ("national", "context", "quote", "stats", "difficulty", "target"),
    "project": ("project", "context", "quote", "stats", "difficulty", "target"),
}


class _Sampler:
    """Draw templates from each pool without repeating one until the pool is used up."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.left: dict[str, list[str]] = {}

    def draw(self, pool: str) -> str:
        if not self.left.get(pool):
            items = list(BODY[pool])
            self.rng.shuffle(items)
            self.left[pool] = items
        return self.left[pool].pop()


def article_generate(rng: random.Random, *, words: int = 800) -> str:
    """Return one synthetic article of about `words` words (counted by spaces), drawn from `rng`."""
    ctx = _context(rng)
    sampler = _Sampler(rng)

    def sentence(pool: str) -> str:
        slots = Slots(ctx)
        if pool == "quote":
            return _quote(ctx, slots)
        if pool == "directive":
            return _directive(ctx, slots)
        return _fill(sampler.draw(pool), slots)

    head: list[str] = []
    if rng.random() < 0.85:
        head.append(f"date {ctx.year}-{ctx.month:02d}-{min(ctx.day + rng.choice((0, 0, 1)), 28):02d}")
    head.append(_fill(rng.choice(TITLES[ctx.kind]), Slots(ctx)))
    lead = f"({ctx.outlet}) - " + _fill(rng.choice(LEADS[ctx.kind]), Slots(ctx))
    closing = [sentence("directive"), sentence("closing")]
    count = len(" ".join([*head, lead, *closing]).split())
    paragraphs: list[list[str]] = [[lead]]
    current: list[str] = []
    plan = list(_PLANS[ctx.kind])
    size = rng.randint(2, 4)
    while count < words:
        pool = plan.pop(0) if plan else rng.choice(_FILLERS[ctx.kind])
        if not ctx.quoted and words - count < 60:  # keep room for the article's quote
            pool = "quote"
        text = sentence(pool)
        current.append(text)
        count += len(text.split())
        if len(current) >= size:
            paragraphs.append(current)
            current, size = [], rng.randint(2, 4)
    if not ctx.quoted:  # every article quotes someone, however short it is
        current.append(sentence("quote"))
    if current:
        paragraphs.append(current)
    paragraphs += [closing[:1], closing[1:]]
    body = "\n\n".join(" ".join(p) for p in paragraphs)
    return unicodedata.normalize("NFC", "\n".join(head) + "\n\n" + body + "\n")


def corpus_generate(n: int, *, seed: int = 0, words: int = 800) -> Iterator[tuple[str, str]]:
    """Yield `n` (doc_id, text) pairs of synthetic articles; the same seed gives the same corpus.

    Article i depends only on (seed, i), so a longer corpus starts with the shorter one.
    """
    for i in range(n):
        rng = random.Random(seed * 1_000_003 + i)
        yield f"bench-{seed}-{i:06d}", article_generate(rng, words=words)


_SENTENCE_END = re.compile(r"(?<=[.!?…”])\s+")
_TAG_LINE = re.compile(r"^date \d{4}-\d{2}-\d{2}$")


def sentences_rough(text: str) -> list[str]:
    """Return the sentences of `text`, split at final punctuation and line breaks; skip `date` tags."""
    out: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line or _TAG_LINE.match(line):
            continue
        for piece in _SENTENCE_END.split(line):
            first = next((ch for ch in piece if ch.isalnum()), "")
            if out and first.islower():  # "“...”, ông nói." goes on with the same sentence
                out[-1] += " " + piece
            else:
                out.append(piece)
    return out


def duplicate_sentence_ratio(texts: Iterable[str]) -> float:
    """Return the share of sentences that repeat, word for word, a sentence seen before."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(sentences_rough(text))
    total = sum(counts.values())
    return (total - len(counts)) / total if total else 0.0


def templates_count() -> int:
    """Return how many distinct sentence templates the generator draws from."""
    pools = [*TITLES.values(), *LEADS.values(), *BODY.values(), DIRECTIVES, NATIONAL_DIRECTIVES, TASKS]
    pools += [QUOTE_FORMS, HOST_QUOTES, GUEST_QUOTES, NATIONAL_QUOTES]
    return sum(len(p) for p in pools)
