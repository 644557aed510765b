/**
 * The worked example: "Smart Pekanbaru — one-stop digital public services", a city case of the kind
 * the training programme's participants bring (regional governments, Universitas Islam Riau; see
 * /work/shared/context). One case, two languages: every entry carries its English and Indonesian
 * text side by side, so a translation can never drift from the structure. Indonesian organisation
 * names stay Indonesian in both; roles, labels, indicators and descriptions are translated.
 *
 * Organisations and roles only, no personal names (UU PDP 27/2022); attitudes are those of a
 * training case, not an assessment of the real organisations.
 */
import type { ActionStatus, Attitude, Helix, RelationKind } from '../schema.js';
import type { TemplateLocale } from './kinds.js';

/** A text in both languages of the example. */
export type Bilingual = Record<TemplateLocale, string>;

export interface ExampleStakeholder {
	key: string;
	helix: Helix;
	/** Proper names: the same in both languages. */
	name: string;
	organization: string;
	role: Bilingual;
	power: number;
	interest: number;
	attitude: Attitude;
	/**
	 * Where the card's centre sits in its sector: the distance from the map's centre along the
	 * sector's middle line, then sideways from it (positive: clockwise). Spaced by hand so relation
	 * labels have room; the unit test checks every card lies in its sector and none overlap.
	 */
	at: [along: number, across: number];
}

export interface ExampleRelation {
	from: string;
	to: string;
	kind: RelationKind;
	label: Bilingual;
}

export interface ExampleUpdate {
	/** Days after the reference date (negative: before it). */
	day: number;
	progress: number;
	status: ActionStatus;
	done: Bilingual;
	blockers: Bilingual;
	/** A team, not a person. */
	author: Bilingual;
}

export interface ExampleAction {
	title: Bilingual;
	description: Bilingual;
	owner: string;
	partners: string[];
	/** Days after the reference date. */
	start: number;
	end: number;
	indicator: Bilingual;
	target: Bilingual;
	budget: number;
	status: ActionStatus;
	progress: number;
	updates: ExampleUpdate[];
}

export const EXAMPLE_CURRENCY = 'IDR';

/** The map, helix by helix. */
export const EXAMPLE_STAKEHOLDERS: readonly ExampleStakeholder[] = [
	// ── government ──
	{
		key: 'diskominfo', helix: 'government', name: 'Diskominfo', organization: 'Pemerintah Kota Pekanbaru',
		role: { en: 'Runs the portal and the city data centre', id: 'Pengelola portal dan pusat data kota' },
		power: 75, interest: 95, attitude: 'champion', at: [370, 0]
	},
	{
		key: 'dpmptsp', helix: 'government', name: 'DPMPTSP', organization: 'Pemerintah Kota Pekanbaru',
		role: { en: 'Owns licensing; moves its services online', id: 'Penyelenggara perizinan; memindahkan layanannya ke daring' },
		power: 70, interest: 90, attitude: 'champion', at: [610, 310]
	},
	{
		key: 'bappeda', helix: 'government', name: 'Bappeda Kota', organization: 'Pemerintah Kota Pekanbaru',
		role: { en: 'Puts the programme in RPJMD, Renstra and Renja', id: 'Memasukkan program ke RPJMD, Renstra dan Renja' },
		power: 85, interest: 70, attitude: 'supporter', at: [820, 150]
	},
	{
		key: 'disdukcapil', helix: 'government', name: 'Disdukcapil', organization: 'Pemerintah Kota Pekanbaru',
		role: { en: 'Holds population data (NIK) for sign-in', id: 'Pemegang data kependudukan (NIK) untuk login' },
		power: 65, interest: 45, attitude: 'neutral', at: [610, -310]
	},
	{
		key: 'dprd', helix: 'government', name: 'DPRD Komisi I', organization: 'DPRD Kota Pekanbaru',
		role: { en: 'Approves the APBD, oversees the agencies', id: 'Menyetujui APBD, mengawasi perangkat daerah' },
		power: 90, interest: 40, attitude: 'skeptic', at: [820, -320]
	},
	// ── business ──
	{
		key: 'telkom', helix: 'business', name: 'Telkom Witel Riau', organization: 'PT Telkom Indonesia',
		role: { en: 'Network, cloud and data-centre partner', id: 'Mitra jaringan, cloud dan pusat data' },
		power: 70, interest: 65, attitude: 'supporter', at: [430, 170]
	},
	{
		key: 'brk', helix: 'business', name: 'BRK Syariah', organization: 'Bank Riau Kepri Syariah',
		role: { en: 'Payment gateway for fees (QRIS)', id: 'Gerbang pembayaran retribusi (QRIS)' },
		power: 60, interest: 70, attitude: 'supporter', at: [430, -150]
	},
	{
		key: 'startups', helix: 'business', name: 'Asosiasi Startup', organization: 'Pelaku usaha digital Riau',
		role: { en: 'Local developers; wants open APIs', id: 'Pengembang lokal; menginginkan API terbuka' },
		power: 30, interest: 75, attitude: 'neutral', at: [700, 10]
	},
	// ── academia ──
	{
		key: 'unri', helix: 'academia', name: 'Universitas Riau', organization: 'Perguruan tinggi negeri',
		role: { en: 'Citizen satisfaction survey (IKM)', id: 'Survei kepuasan masyarakat (IKM)' },
		power: 40, interest: 60, attitude: 'supporter', at: [460, -60]
	},
	{
		key: 'uir', helix: 'academia', name: 'Universitas Islam Riau', organization: 'Perguruan tinggi swasta',
		role: { en: 'Policy study and staff training', id: 'Kajian kebijakan dan pelatihan ASN' },
		power: 35, interest: 65, attitude: 'champion', at: [780, -230]
	},
	{
		key: 'pcr', helix: 'academia', name: 'Politeknik Caltex Riau', organization: 'Politeknik swasta',
		role: { en: 'Usability tests, student interns', id: 'Uji kegunaan, mahasiswa magang' },
		power: 25, interest: 55, attitude: 'supporter', at: [650, 110]
	},
	// ── community ──
	{
		key: 'karangTaruna', helix: 'community', name: 'Karang Taruna', organization: 'Kota Pekanbaru',
		role: { en: 'Youth volunteers at kelurahan help desks', id: 'Relawan muda di meja bantuan kelurahan' },
		power: 25, interest: 70, attitude: 'supporter', at: [420, -90]
	},
	{
		key: 'pkk', helix: 'community', name: 'TP PKK Kota', organization: 'Kota Pekanbaru',
		role: { en: 'Reaches households, women and older residents', id: 'Menjangkau keluarga, perempuan dan lansia' },
		power: 35, interest: 55, attitude: 'supporter', at: [680, -130]
	},
	{
		key: 'ngo', helix: 'community', name: 'LSM Pantau Layanan', organization: 'Masyarakat sipil',
		role: { en: 'Watches service quality and data privacy', id: 'Memantau mutu layanan dan privasi data' },
		power: 30, interest: 80, attitude: 'skeptic', at: [480, 190]
	},
	// ── media ──
	{
		key: 'rri', helix: 'media', name: 'RRI Pekanbaru', organization: 'Radio publik',
		role: { en: 'Weekly talk show on public services', id: 'Gelar wicara mingguan tentang layanan publik' },
		power: 35, interest: 50, attitude: 'neutral', at: [600, 60]
	},
	{
		key: 'tribun', helix: 'media', name: 'Tribun Pekanbaru', organization: 'Surat kabar dan portal berita',
		role: { en: 'Reports complaints and progress', id: 'Memberitakan keluhan dan kemajuan' },
		power: 45, interest: 45, attitude: 'neutral', at: [520, -180]
	}
];

export const EXAMPLE_RELATIONS: readonly ExampleRelation[] = [
	{ from: 'bappeda', to: 'dpmptsp', kind: 'authority', label: { en: 'Sets Renja targets', id: 'Menetapkan target Renja' } },
	{ from: 'dprd', to: 'bappeda', kind: 'authority', label: { en: 'Approves APBD', id: 'Mengesahkan APBD' } },
	{ from: 'diskominfo', to: 'dpmptsp', kind: 'collaboration', label: { en: 'Joint portal team', id: 'Tim portal bersama' } },
	{ from: 'telkom', to: 'diskominfo', kind: 'collaboration', label: { en: 'Cloud and network', id: 'Cloud dan jaringan' } },
	{ from: 'unri', to: 'pcr', kind: 'collaboration', label: { en: 'Joint user research', id: 'Riset pengguna bersama' } },
	{ from: 'karangTaruna', to: 'pkk', kind: 'collaboration', label: { en: 'Help desks in kelurahan', id: 'Meja bantuan di kelurahan' } },
	{ from: 'bappeda', to: 'diskominfo', kind: 'funding', label: { en: 'APBD allocation', id: 'Alokasi APBD' } },
	{ from: 'telkom', to: 'karangTaruna', kind: 'funding', label: { en: 'CSR for volunteers', id: 'CSR untuk relawan' } },
	{ from: 'brk', to: 'dpmptsp', kind: 'funding', label: { en: 'QRIS payments, CSR', id: 'Pembayaran QRIS, CSR' } },
	{ from: 'disdukcapil', to: 'diskominfo', kind: 'information', label: { en: 'NIK data access', id: 'Akses data NIK' } },
	{ from: 'diskominfo', to: 'rri', kind: 'information', label: { en: 'Weekly service news', id: 'Kabar layanan mingguan' } },
	{ from: 'ngo', to: 'tribun', kind: 'information', label: { en: 'Complaint reports', id: 'Laporan pengaduan' } },
	{ from: 'ngo', to: 'diskominfo', kind: 'conflict', label: { en: 'Personal data (UU PDP)', id: 'Data pribadi (UU PDP)' } },
	{ from: 'startups', to: 'telkom', kind: 'conflict', label: { en: 'Single-vendor risk', id: 'Risiko satu vendor' } }
];

export const EXAMPLE_ACTIONS: readonly ExampleAction[] = [
	{
		title: { en: 'Put one-stop services in Renja 2027', id: 'Masukkan layanan satu pintu ke Renja 2027' },
		description: {
			en: 'Write the one-stop digital service programme into the RPJMD mid-term review, the Renstra of Diskominfo and DPMPTSP, and the Renja 2027, so it has a budget line. Funding: APBD (planning budget of Bappeda).',
			id: 'Memasukkan program layanan digital satu pintu ke reviu RPJMD, Renstra Diskominfo dan DPMPTSP, serta Renja 2027 agar memiliki mata anggaran. Pendanaan: APBD (anggaran perencanaan Bappeda).'
		},
		owner: 'bappeda', partners: ['diskominfo', 'dpmptsp', 'dprd'],
		start: -75, end: -14,
		indicator: { en: 'Programme in the Renja with a budget line', id: 'Program tercantum di Renja dengan mata anggaran' },
		target: { en: 'Renja 2027 approved', id: 'Renja 2027 disahkan' },
		budget: 150_000_000, status: 'done', progress: 100,
		updates: [
			{
				day: -45, progress: 50, status: 'in_progress',
				done: { en: 'Draft programme discussed at the city Musrenbang', id: 'Rancangan program dibahas di Musrenbang kota' },
				blockers: { en: 'Komisi I asks for a cost–benefit study', id: 'Komisi I meminta kajian biaya–manfaat' },
				author: { en: 'Bappeda planning team', id: 'Tim perencanaan Bappeda' }
			},
			{
				day: -14, progress: 100, status: 'done',
				done: { en: 'Renja 2027 approved with the programme', id: 'Renja 2027 disahkan beserta programnya' },
				blockers: { en: '', id: '' },
				author: { en: 'Bappeda planning team', id: 'Tim perencanaan Bappeda' }
			}
		]
	},
	{
		title: { en: 'One-stop licensing portal, phase 1', id: 'Portal perizinan satu pintu, tahap 1' },
		description: {
			en: 'Move the 40 most used licences of DPMPTSP to one portal with one sign-in and online payment (QRIS with BRK Syariah). Phase 1 from the APBD; the data centre for phase 2 is being prepared as a KPBU with Telkom.',
			id: 'Memindahkan 40 izin yang paling sering dimohon di DPMPTSP ke satu portal dengan satu akun dan pembayaran daring (QRIS bersama BRK Syariah). Tahap 1 dari APBD; pusat data untuk tahap 2 disiapkan dengan skema KPBU bersama Telkom.'
		},
		owner: 'dpmptsp', partners: ['diskominfo', 'telkom', 'brk'],
		start: -30, end: 150,
		indicator: { en: 'Licences that can be applied for online', id: 'Jumlah izin yang dapat diajukan secara daring' },
		target: { en: '40 licences, processed in ≤ 3 working days', id: '40 izin, selesai ≤ 3 hari kerja' },
		budget: 2_400_000_000, status: 'in_progress', progress: 30,
		updates: [
			{
				day: -7, progress: 30, status: 'in_progress',
				done: { en: '12 licences online in the test portal', id: '12 izin sudah daring di portal uji coba' },
				blockers: { en: 'Payment gateway contract not yet signed', id: 'Kontrak gerbang pembayaran belum ditandatangani' },
				author: { en: 'DPMPTSP service team', id: 'Tim layanan DPMPTSP' }
			}
		]
	},
	{
		title: { en: 'Data-sharing agreement for NIK sign-in', id: 'PKS berbagi data untuk login NIK' },
		description: {
			en: 'A cooperation agreement (PKS) between Disdukcapil and Diskominfo on using NIK verification for the portal sign-in, with a privacy impact assessment under UU PDP 27/2022 drafted with Universitas Islam Riau and reviewed by the NGO. Funding: APBD (Diskominfo).',
			id: 'Perjanjian kerja sama (PKS) antara Disdukcapil dan Diskominfo tentang verifikasi NIK untuk login portal, dengan kajian dampak pelindungan data sesuai UU PDP 27/2022 yang disusun bersama Universitas Islam Riau dan direviu oleh LSM. Pendanaan: APBD (Diskominfo).'
		},
		owner: 'diskominfo', partners: ['disdukcapil', 'ngo', 'uir'],
		start: -20, end: 40,
		indicator: { en: 'Signed PKS and privacy assessment', id: 'PKS ditandatangani dan kajian privasi selesai' },
		target: { en: '1 PKS, 1 privacy assessment', id: '1 PKS, 1 kajian privasi' },
		budget: 75_000_000, status: 'blocked', progress: 15,
		updates: [
			{
				day: -3, progress: 15, status: 'blocked',
				done: { en: 'Draft PKS sent to Disdukcapil', id: 'Draf PKS dikirim ke Disdukcapil' },
				blockers: { en: 'Waiting for approval from the Dukcapil directorate in Jakarta', id: 'Menunggu persetujuan Ditjen Dukcapil di Jakarta' },
				author: { en: 'Diskominfo legal team', id: 'Tim hukum Diskominfo' }
			}
		]
	},
	{
		title: { en: 'Non-cash payment of licence fees (QRIS)', id: 'Pembayaran retribusi perizinan nontunai (QRIS)' },
		description: {
			en: 'BRK Syariah connects the portal to QRIS and virtual accounts, so fees are paid from any bank or e-wallet; local startups build the payment pages on its open API. Funding: BRK Syariah investment and CSR for training counter staff; no APBD.',
			id: 'BRK Syariah menghubungkan portal dengan QRIS dan virtual account agar retribusi dapat dibayar dari bank atau dompet digital mana pun; startup lokal membangun halaman pembayaran melalui API terbukanya. Pendanaan: investasi dan CSR BRK Syariah untuk pelatihan petugas loket; tanpa APBD.'
		},
		owner: 'brk', partners: ['dpmptsp', 'startups'],
		start: 45, end: 120,
		indicator: { en: 'Share of licence fees paid non-cash', id: 'Persentase retribusi perizinan yang dibayar nontunai' },
		target: { en: '≥ 70% of payments', id: '≥ 70% pembayaran' },
		budget: 250_000_000, status: 'planned', progress: 0,
		updates: []
	},
	{
		title: { en: 'Digital help desks in 15 kelurahan', id: 'Meja bantuan digital di 15 kelurahan' },
		description: {
			en: 'Karang Taruna and PKK volunteers help residents use the portal at kelurahan offices, starting in two kecamatan; RRI announces the opening hours. Funding: Telkom CSR for training and tablets, APBD for the kelurahan venues.',
			id: 'Relawan Karang Taruna dan PKK membantu warga memakai portal di kantor kelurahan, dimulai di dua kecamatan; RRI mengumumkan jam layanannya. Pendanaan: CSR Telkom untuk pelatihan dan tablet, APBD untuk tempat di kelurahan.'
		},
		owner: 'karangTaruna', partners: ['pkk', 'telkom', 'diskominfo', 'rri'],
		start: 14, end: 180,
		indicator: { en: 'Kelurahan with a staffed help desk', id: 'Jumlah kelurahan dengan meja bantuan aktif' },
		target: { en: '15 kelurahan, 60 trained volunteers', id: '15 kelurahan, 60 relawan terlatih' },
		budget: 300_000_000, status: 'planned', progress: 0,
		updates: []
	},
	{
		title: { en: 'Citizen satisfaction survey and user tests', id: 'Survei IKM dan uji pengguna' },
		description: {
			en: 'Measure the community satisfaction index before and after phase 1, and run usability tests of the portal with residents. Funding: research grant of Universitas Riau with APBD co-funding.',
			id: 'Mengukur Indeks Kepuasan Masyarakat sebelum dan sesudah tahap 1, serta uji kegunaan portal bersama warga. Pendanaan: hibah penelitian Universitas Riau dan pendampingan APBD.'
		},
		owner: 'unri', partners: ['pcr', 'uir', 'dpmptsp'],
		start: 30, end: 210,
		indicator: { en: 'Community satisfaction index (IKM)', id: 'Indeks Kepuasan Masyarakat (IKM)' },
		target: { en: 'IKM ≥ 85 (baseline 72)', id: 'IKM ≥ 85 (awal 72)' },
		budget: 200_000_000, status: 'planned', progress: 0,
		updates: []
	},
	{
		title: { en: 'Public campaign: radio and news series', id: 'Kampanye publik: radio dan seri berita' },
		description: {
			en: 'A weekly RRI talk show and a Tribun news series explain the portal and answer complaints on air. Funding: APBD (Diskominfo public communication budget).',
			id: 'Gelar wicara mingguan di RRI dan seri berita Tribun menjelaskan portal dan menjawab keluhan secara langsung. Pendanaan: APBD (anggaran komunikasi publik Diskominfo).'
		},
		owner: 'rri', partners: ['tribun', 'diskominfo', 'ngo'],
		start: 60, end: 240,
		indicator: { en: 'Residents reached by the campaign', id: 'Jumlah warga yang terjangkau kampanye' },
		target: { en: '100,000 listeners and readers', id: '100.000 pendengar dan pembaca' },
		budget: 120_000_000, status: 'planned', progress: 0,
		updates: []
	}
];
