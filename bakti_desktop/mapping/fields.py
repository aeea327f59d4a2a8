"""The school survey's fields: the exchange format of docs/domain-rules.md §3.6.

One table describes every column of the survey workbook: its key, its
Indonesian label (the workbook header), its kind and its choices. The importer,
the template writer, the entry form and the exports all read it, so that a
field is defined once.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(str, Enum):  # noqa: UP042 -- not StrEnum: str() and format() of a Kind stay "Kind.TEXT"
    TEXT = "text"
    NPSN = "npsn"
    INT = "int"  # whole number >= 0
    MONEY = "money"  # whole rupiah >= 0
    YESNO = "yesno"
    CHOICE = "choice"
    DATE = "date"
    LAT = "lat"
    LON = "lon"
    REGION = "region"  # kabupaten / kecamatan / desa
    YEAR = "year"


@dataclass(frozen=True)
class Choice:
    code: str
    label: str  # Indonesian label, accepted in workbooks and shown in the interface
    label_en: str


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: Kind
    label_en: str
    required: bool = False
    choices: tuple[Choice, ...] = ()
    aliases: tuple[str, ...] = ()  # further accepted headers
    school: bool = False  # belongs to the school register, not to the survey
    help: str = ""  # a hint under the field (Indonesian), in the template and the phone form
    help_en: str = ""

    def choice(self, code: str | None) -> Choice | None:
        for c in self.choices:
            if c.code == code:
                return c
        return None


JENJANG = (
    Choice("SD", "SD", "SD (primary)"),
    Choice("MI", "MI", "MI (Islamic primary)"),
    Choice("SMP", "SMP", "SMP (junior secondary)"),
    Choice("MTs", "MTs", "MTs (Islamic junior secondary)"),
    Choice("SMA", "SMA", "SMA (senior secondary)"),
    Choice("MA", "MA", "MA (Islamic senior secondary)"),
    Choice("SMK", "SMK", "SMK (vocational)"),
    Choice("SLB", "SLB", "SLB (special needs)"),
)
JENJANG_CODES = tuple(c.code for c in JENJANG)

STATUS = (Choice("negeri", "Negeri", "Public"), Choice("swasta", "Swasta", "Private"))

WATER_SOURCES = (
    Choice("perpipaan", "Perpipaan (PDAM/PAMSIMAS)", "Piped"),
    Choice("sumur_bor", "Sumur Bor/Pompa", "Borehole / tubewell"),
    Choice("sumur_terlindungi", "Sumur Gali Terlindungi", "Protected dug well"),
    Choice("mata_air_terlindungi", "Mata Air Terlindungi", "Protected spring"),
    Choice("air_hujan", "Air Hujan", "Rainwater"),
    Choice("air_kemasan", "Air Kemasan/Isi Ulang", "Packaged (bottled / refill)"),
    Choice("truk_tangki", "Truk Tangki/Gerobak", "Tanker truck / cart"),
    Choice("sumur_tidak_terlindungi", "Sumur Gali Tidak Terlindungi", "Unprotected dug well"),
    Choice("mata_air_tidak_terlindungi", "Mata Air Tidak Terlindungi", "Unprotected spring"),
    Choice("air_permukaan", "Air Permukaan (Sungai/Danau)", "Surface water"),
    Choice("bawa_dari_rumah", "Siswa Membawa dari Rumah", "Children bring water from home"),
    Choice("tidak_ada", "Tidak Ada", "No source"),
)
IMPROVED_WATER = frozenset(
    {"perpipaan", "sumur_bor", "sumur_terlindungi", "mata_air_terlindungi", "air_hujan", "air_kemasan", "truk_tangki"}
)

TOILET_TYPES = (
    Choice("leher_angsa", "Leher Angsa (Kloset Siram)", "Flush / pour-flush"),
    Choice("cubluk_dengan_slab", "Cubluk dengan Slab/Tutup", "Pit latrine with slab"),
    Choice("vip", "Cubluk Berventilasi (VIP)", "Ventilated improved pit (VIP)"),
    Choice("kompos", "Jamban Kompos", "Composting toilet"),
    Choice("cubluk_tanpa_slab", "Cubluk tanpa Slab/Tutup", "Pit latrine without slab"),
    Choice("jamban_gantung", "Jamban Gantung/di atas Sungai", "Hanging latrine"),
    Choice("ember", "Ember", "Bucket"),
    Choice("tidak_ada", "Tidak Ada", "No toilets"),
)
IMPROVED_TOILETS = frozenset({"leher_angsa", "cubluk_dengan_slab", "vip", "kompos"})

SOAP_WATER = (
    Choice("air_dan_sabun", "Air dan Sabun", "Water and soap"),
    Choice("air_saja", "Air Saja", "Water only"),
    Choice("sabun_saja", "Sabun Saja", "Soap only"),
    Choice("tidak_ada", "Tidak Ada", "Neither"),
)

PADS = (
    Choice("tidak", "Tidak Tersedia", "Not available"),
    Choice("beli", "Tersedia, Membeli", "Available, for sale"),
    Choice("gratis", "Tersedia, Gratis", "Available, free"),
)

WASTEWATER = (
    Choice("septik_ipal", "Tangki Septik/IPAL", "Septic tank / treatment"),
    Choice("saluran_sungai", "Saluran/Sungai", "Drain / river"),
)

# The names sanitarians know (docs/domain-rules.md §3.4), shown wherever a PHBS item is shown or headed.
PHBS_NAMES = (
    ("Cuci tangan pakai sabun dengan air mengalir", "Handwashing with soap under running water"),
    ("Jajan di kantin sekolah sehat", "Healthy snacks from the school canteen"),
    ("Menggunakan jamban bersih dan sehat", "Clean, healthy toilets"),
    ("Olahraga teratur dan terukur", "Regular exercise"),
    ("Memberantas jentik nyamuk", "Mosquito-larva eradication"),
    ("Tidak merokok di sekolah", "No smoking at school"),
    ("Menimbang berat dan mengukur tinggi badan tiap 6 bulan", "Weight and height measured every 6 months"),
    ("Membuang sampah pada tempatnya", "Rubbish in the bin"),
)
# The names of earlier templates, still read in workbooks made with them.
_OLD_PHBS_NAMES = (
    "Cuci Tangan dengan Sabun dan Air Mengalir", "Jajanan Sehat di Kantin Sekolah", "Jamban Bersih dan Sehat",
    "Olahraga Teratur", "Pemberantasan Jentik Nyamuk", "Tidak Merokok di Sekolah",
    "Penimbangan Berat dan Tinggi Badan Setiap 6 Bulan", "Membuang Sampah pada Tempatnya",
)


def _f(key: str, label: str, kind: Kind, label_en: str, **kw: object) -> Field:
    return Field(key=key, label=label, kind=kind, label_en=label_en, **kw)  # type: ignore[arg-type]


FIELDS: tuple[Field, ...] = (
    _f("npsn", "NPSN", Kind.NPSN, "NPSN", required=True, school=True),
    _f("nama_sekolah", "Nama Sekolah", Kind.TEXT, "School name", required=True, school=True),
    _f("jenjang", "Jenjang", Kind.CHOICE, "Level", required=True, choices=JENJANG, school=True),
    _f("status", "Status", Kind.CHOICE, "Status", choices=STATUS, school=True),
    _f("kabupaten", "Kabupaten/Kota", Kind.REGION, "Kabupaten/Kota", required=True, school=True),
    _f("kecamatan", "Kecamatan", Kind.REGION, "Kecamatan", required=True, school=True),
    _f("desa", "Desa/Kelurahan", Kind.REGION, "Desa/Kelurahan", school=True),
    _f("puskesmas", "Puskesmas", Kind.TEXT, "Health centre", school=True),
    _f("lintang", "Lintang", Kind.LAT, "Latitude", school=True),
    _f("bujur", "Bujur", Kind.LON, "Longitude", school=True),
    _f("tanggal_survei", "Tanggal Survei", Kind.DATE, "Survey date", required=True),
    _f("tahun", "Tahun", Kind.YEAR, "Survey year", aliases=("Tahun Survei",),
       help="Kosongkan bila tahun survei sama dengan tahun pada tanggal survei.",
       help_en="Leave blank when the survey year is the year of the survey date."),
    _f("enumerator", "Nama Sanitarian", Kind.TEXT, "Sanitarian", aliases=("Enumerator",)),
    _f("siswa_laki", "Jumlah Siswa Laki-laki", Kind.INT, "Boys enrolled", required=True),
    _f("siswa_perempuan", "Jumlah Siswa Perempuan", Kind.INT, "Girls enrolled", required=True),
    _f("siswa_disabilitas", "Jumlah Siswa Disabilitas", Kind.INT, "Students with disabilities"),
    _f("sumber_air_minum", "Sumber Air Minum Utama", Kind.CHOICE, "Main drinking-water source", required=True,
       choices=WATER_SOURCES),
    _f("air_tersedia", "Air Minum Tersedia Saat Survei", Kind.YESNO, "Water available at the survey",
       help="Wajib kecuali sumber air 'tidak_ada'.", help_en="Required unless the source is 'tidak_ada'."),
    _f("jenis_jamban", "Jenis Jamban Siswa", Kind.CHOICE, "Students' toilet type", required=True,
       choices=TOILET_TYPES),
    _f("jamban_laki_baik", "Jamban Laki-laki Layak Pakai", Kind.INT, "Boys' toilets, usable"),
    _f("jamban_laki_rusak", "Jamban Laki-laki Tidak Layak", Kind.INT, "Boys' toilets, not usable"),
    _f("jamban_perempuan_baik", "Jamban Perempuan Layak Pakai", Kind.INT, "Girls' toilets, usable"),
    _f("jamban_perempuan_rusak", "Jamban Perempuan Tidak Layak", Kind.INT, "Girls' toilets, not usable"),
    _f("jamban_bersama_baik", "Jamban Bersama Layak Pakai", Kind.INT, "Shared toilets, usable"),
    _f("jamban_bersama_rusak", "Jamban Bersama Tidak Layak", Kind.INT, "Shared toilets, not usable"),
    _f("jamban_guru", "Jamban Guru", Kind.INT, "Teachers' toilets"),
    _f("jamban_difabel", "Jamban Ramah Disabilitas", Kind.YESNO, "Disability-friendly toilet"),
    _f("sarana_cuci_tangan", "Jumlah Sarana Cuci Tangan", Kind.INT, "Handwashing facilities", required=True),
    _f("sarana_cuci_tangan_rusak", "Sarana Cuci Tangan Rusak", Kind.INT, "Handwashing facilities broken"),
    _f("air_sabun", "Air dan Sabun di Sarana Cuci Tangan", Kind.CHOICE, "Water and soap at the facilities",
       required=True, choices=SOAP_WATER),
    _f("mkm_tempat_sampah", "Tempat Sampah Tertutup di Jamban Perempuan", Kind.YESNO,
       "Covered bin in girls' toilets"),
    _f("mkm_pembalut", "Pembalut Cadangan", Kind.CHOICE, "Spare sanitary pads", choices=PADS),
    _f("mkm_edukasi", "Edukasi Kebersihan Menstruasi", Kind.YESNO, "Menstrual hygiene education"),
    *(
        _f(f"phbs_{i}", f"PHBS {i} {name}", Kind.YESNO, f"PHBS {i} {en}", aliases=(f"PHBS {i}", name, old))
        for i, ((name, en), old) in enumerate(zip(PHBS_NAMES, _OLD_PHBS_NAMES), start=1)
    ),
    _f("air_limbah", "Pembuangan Air Limbah", Kind.CHOICE, "Wastewater disposal", choices=WASTEWATER),
    _f("kuras_septik", "Tangki Septik Dikuras 3–5 Tahun Terakhir", Kind.YESNO, "Septic tank emptied in 3–5 years"),
    _f("anggaran_sanitasi", "Anggaran Sanitasi di RKAS", Kind.YESNO, "Sanitation budget in the school plan"),
    _f("anggaran_rp", "Nilai Anggaran Sanitasi (Rp)", Kind.MONEY, "Sanitation budget (Rp)"),
    _f("piket_kebersihan", "Jadwal Piket Kebersihan", Kind.YESNO, "Cleaning rota"),
    _f("siswa_terlibat", "Siswa Terlibat Pemeliharaan Sanitasi", Kind.YESNO, "Students help maintain sanitation"),
    _f("uks_aktif", "UKS Aktif", Kind.YESNO, "Active school health unit (UKS)"),
    _f("catatan", "Catatan", Kind.TEXT, "Notes"),
)

BY_KEY: dict[str, Field] = {f.key: f for f in FIELDS}

# The pages of the survey, in order: the entry form's tabs (ui/mapping/survey_form.py) and the phone
# form's groups (mapping/xlsform.py). English names; each reader translates them.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("School", ("npsn", "nama_sekolah", "jenjang", "status", "kabupaten", "kecamatan", "desa", "puskesmas",
                "lintang", "bujur")),
    ("Survey", ("tanggal_survei", "tahun", "enumerator", "siswa_laki", "siswa_perempuan", "siswa_disabilitas")),
    ("Water", ("sumber_air_minum", "air_tersedia")),
    ("Toilets", ("jenis_jamban", "jamban_laki_baik", "jamban_laki_rusak", "jamban_perempuan_baik",
                 "jamban_perempuan_rusak", "jamban_bersama_baik", "jamban_bersama_rusak", "jamban_guru",
                 "jamban_difabel")),
    ("Handwashing and MHM", ("sarana_cuci_tangan", "sarana_cuci_tangan_rusak", "air_sabun", "mkm_tempat_sampah",
                             "mkm_pembalut", "mkm_edukasi")),
    ("PHBS", tuple(f"phbs_{i}" for i in range(1, 9))),
    ("Management", ("air_limbah", "kuras_septik", "anggaran_sanitasi", "anggaran_rp", "piket_kebersihan",
                    "siswa_terlibat", "uks_aktif", "catatan")),
)
REQUIRED_KEYS = tuple(f.key for f in FIELDS if f.required)
SCHOOL_KEYS = tuple(f.key for f in FIELDS if f.school)
SURVEY_KEYS = tuple(f.key for f in FIELDS if not f.school and f.key != "tahun")
TOILET_COUNT_KEYS = (
    "jamban_laki_baik",
    "jamban_laki_rusak",
    "jamban_perempuan_baik",
    "jamban_perempuan_rusak",
    "jamban_bersama_baik",
    "jamban_bersama_rusak",
)
PHBS_KEYS = tuple(f"phbs_{i}" for i in range(1, 9))

# Default benchmark (Permendiknas 24/2007, docs/domain-rules.md §3.2): students per toilet.
LOW_RATIO_LEVELS = frozenset({"SD", "MI", "SLB"})


@dataclass(frozen=True)
class Ratios:
    """Students per toilet, the planning benchmark (settings)."""

    primary_boys: int = 60
    primary_girls: int = 50
    secondary_boys: int = 40
    secondary_girls: int = 30
    name: str = "Permendiknas 24/2007"

    def for_level(self, jenjang: str) -> tuple[int, int]:
        if jenjang in LOW_RATIO_LEVELS:
            return self.primary_boys, self.primary_girls
        return self.secondary_boys, self.secondary_girls
