"""The standard outline of an SSS (UNICEF, Panduan Penyusunan Dokumen Perencanaan Strategis
Sanitasi Sekolah): seven chapters with their usual sub-sections and guidance for the writers.

A data block is written on a line of its own as ``{{blok:NAME}}``; the exports
replace it by a table or chart computed from the mapping.
"""

from __future__ import annotations

OUTLINE: tuple[tuple[str, str, tuple[tuple[str, str, str], ...]], ...] = (
    ("Pendahuluan", "Pokja AMPL", (
        ("Latar Belakang", "Bappeda", "Jelaskan mengapa sanitasi sekolah penting bagi kabupaten/kota: kesehatan dan "
         "kehadiran siswa, kebutuhan siswa perempuan, komitmen daerah (STBM, SSK)."),
        ("Maksud dan Tujuan", "Dinas Pendidikan", "Tuliskan maksud penyusunan SSS dan tujuan yang ingin dicapai."),
        ("Dasar Hukum", "Bagian Hukum", "Daftar peraturan: UU, PP, Permendikbud/Permenkes, Perda/Perbup yang terkait."),
        ("Sistematika Dokumen", "Pokja AMPL", "Uraikan isi tiap bab secara singkat."),
    )),
    ("Persamaan Persepsi", "Dinas Kesehatan", (
        ("Pengertian Sanitasi Sekolah", "Dinas Kesehatan", "Definisikan air minum, sanitasi, dan higiene di sekolah."),
        ("Tangga Layanan WASH di Sekolah", "Dinas Kesehatan", "Jelaskan tingkat layanan JMP: dasar, terbatas, tidak ada "
         "layanan, untuk air minum, sanitasi, dan higiene."),
        ("Perilaku Hidup Bersih dan Sehat di Sekolah", "Tim Pembina UKS", "Sebutkan 8 indikator PHBS di sekolah."),
    )),
    ("Pemetaan Sanitasi Sekolah", "Pokja AMPL", (
        ("Metode Pemetaan", "Dinas Kesehatan", "Siapa yang mengumpulkan data (sanitarian puskesmas), kapan, berapa "
         "sekolah, instrumen yang dipakai."),
        ("Kondisi Layanan Air, Sanitasi, dan Higiene", "Pokja AMPL",
         "Analisis hasil pemetaan per kecamatan dan per jenjang.\n\n{{blok:tangga_kecamatan}}\n\n{{blok:grafik_tangga}}"
         "\n\n{{blok:tangga_jenjang}}"),
        ("Kebutuhan Jamban Sekolah", "Dinas Pendidikan", "Jelaskan kekurangan jamban terpisah laki-laki dan "
         "perempuan menurut acuan yang dipakai.\n\n{{blok:kebutuhan_jamban}}"),
        ("Perilaku dan Pengelolaan", "Tim Pembina UKS", "Analisis PHBS, piket kebersihan, anggaran sanitasi di RKAS, "
         "dan keterlibatan siswa."),
    )),
    ("Strategi Jangka Menengah", "Bappeda", (
        ("Tujuan dan Sasaran", "Bappeda", "Rumuskan tujuan dan sasaran dengan indikator, nilai dasar, dan target "
         "tahunan.\n\n{{blok:target}}"),
        ("Isu Strategis", "Pokja AMPL", "Permasalahan utama dari hasil pemetaan dan diskusi."),
        ("Strategi", "Pokja AMPL", "Strategi untuk mencapai sasaran: pembangunan sarana, perubahan perilaku, "
         "penguatan pengelolaan dan anggaran."),
    )),
    ("Program dan Kegiatan", "Bappeda", (
        ("Program dan Kegiatan", "Bappeda", "Tabel program, kegiatan, lokasi, volume, biaya, sumber dana, OPD, dan "
         "tahun.\n\n{{blok:program}}"),
        ("Indikasi Pendanaan", "Bappeda", "Rekapitulasi biaya per tahun dan per sumber dana.\n\n{{blok:pendanaan}}"),
    )),
    ("Internalisasi", "Bappeda", (
        ("Integrasi ke Dokumen Perencanaan", "Bappeda", "Bagaimana SSS masuk ke SSK, RPJMD, Renstra OPD, dan RKAS."),
        ("Sosialisasi dan Komitmen", "Dinas Pendidikan", "Kegiatan sosialisasi kepada sekolah dan pemangku kepentingan."),
    )),
    ("Kerangka Pemantauan dan Evaluasi", "Pokja AMPL", (
        ("Indikator dan Sumber Data", "Pokja AMPL", "Indikator yang dipantau dan dari mana datanya (pemetaan, Dapodik)."),
        ("Mekanisme Pemantauan", "Pokja AMPL", "Siapa memantau, kapan, dan bagaimana hasilnya dibahas."),
        ("Pelaporan", "Pokja AMPL", "Bentuk dan jadwal laporan kepada bupati/walikota."),
    )),
)

BLOCKS = {
    "tangga_kecamatan": "Tabel tangga layanan per kecamatan",
    "tangga_jenjang": "Tabel tangga layanan per jenjang",
    "grafik_tangga": "Grafik tangga layanan per kecamatan",
    "kebutuhan_jamban": "Tabel kebutuhan jamban per kecamatan",
    "target": "Tabel indikator, nilai dasar, dan target",
    "program": "Tabel program dan kegiatan",
    "pendanaan": "Rekapitulasi pendanaan per tahun dan sumber",
}
