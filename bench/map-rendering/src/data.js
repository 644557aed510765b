// Deterministic stakeholder map: 500 cards in five sector regions, 1,000 relations of five kinds.
// Shared by both pages so they render exactly the same data.

export const CARD_W = 160;
export const CARD_H = 60;
export const SCREEN_W = 1280;
export const SCREEN_H = 800;

export const HELICES = ['government', 'business', 'academia', 'community', 'media'];
// Okabe–Ito palette (colour-blind safe); backdrops use light tints of the same hues.
export const HELIX_COLOUR = {
  government: '#0072B2',
  business: '#E69F00',
  academia: '#009E73',
  community: '#CC79A7',
  media: '#56B4E9'
};
export const HELIX_TINT = {
  government: '#e5f0f7',
  business: '#fcf3e0',
  academia: '#e0f3ee',
  community: '#f8eef4',
  media: '#eaf5fc'
};
export const ATTITUDES = ['supportive', 'neutral', 'opposed'];

// Five relation kinds: each differs in dash pattern AND arrowhead shape AND colour, so no kind is
// told apart by colour alone.
export const KINDS = [
  { id: 'collaborates', dash: '', width: 1.5, marker: 'm-filled', colour: '#0072B2' },
  { id: 'funds', dash: '8 4', width: 1.5, marker: 'm-open', colour: '#E69F00' },
  { id: 'informs', dash: '2 4', width: 1.5, marker: 'm-circle', colour: '#009E73' },
  { id: 'influences', dash: '12 4 2 4', width: 1.5, marker: 'm-diamond', colour: '#CC79A7' },
  { id: 'conflicts', dash: '16 6', width: 2.5, marker: 'm-bar', colour: '#D55E00' }
];
export const KIND_BY_ID = Object.fromEntries(KINDS.map((k) => [k.id, k]));

export function mulberry32(seed) {
  let a = seed >>> 0;
  return function () {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Ana', 'Budi', 'Chen', 'Dewi', 'Eko', 'Fatima', 'Gita', 'Hana', 'Ivan', 'Joko', 'Kirana', 'Lukas', 'Maya', 'Nina', 'Omar', 'Putri', 'Rina', 'Sari', 'Tomas', 'Wati'];
const LAST = ['Santoso', 'Wijaya', 'Müller', 'Pratama', 'Nguyen', 'Kusuma', 'Garcia', 'Hartono', 'Schmidt', 'Lestari'];
const ORG = {
  government: ['City Hall', 'Planning Agency', 'Ministry of Health', 'District Office', 'Transport Dept.'],
  business: ['Chamber of Commerce', 'Telco Ltd', 'Local Bank', 'Startup Hub', 'Logistics Co'],
  academia: ['State University', 'Tech Institute', 'Research Centre', 'Policy Lab', 'Polytechnic'],
  community: ['Residents’ Assoc.', 'Youth Forum', 'Women’s Coop', 'Farmers’ Group', 'NGO Alliance'],
  media: ['Daily News', 'City Radio', 'Local TV', 'Online Portal', 'Influencer Network']
};

export const REGIONS = (() => {
  const R = 2100;
  const w = 2100;
  const h = 1100;
  return HELICES.map((helix, i) => {
    const a = ((-90 + 72 * i) * Math.PI) / 180;
    const cx = Math.round(R * Math.cos(a));
    const cy = Math.round(R * Math.sin(a));
    return { helix, x: cx - w / 2, y: cy - h / 2, w, h, cx, cy };
  });
})();

export function generate(seed = 20260501) {
  const rnd = mulberry32(seed);
  const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
  const cards = [];
  for (const region of REGIONS) {
    for (let i = 0; i < 100; i++) {
      const col = i % 10;
      const row = Math.floor(i / 10);
      cards.push({
        id: `c${cards.length}`,
        name: `${pick(FIRST)} ${pick(LAST)}`,
        org: pick(ORG[region.helix]),
        helix: region.helix,
        attitude: pick(ATTITUDES),
        power: Math.floor(rnd() * 3), // 0..2
        interest: Math.floor(rnd() * 3),
        x: Math.round(region.x + 60 + col * 200 + (rnd() - 0.5) * 30),
        y: Math.round(region.y + 60 + row * 100 + (rnd() - 0.5) * 20)
      });
    }
  }
  const relations = [];
  const seen = new Set();
  while (relations.length < 1000) {
    const s = cards[Math.floor(rnd() * cards.length)];
    let t;
    if (rnd() < 0.65) {
      const base = HELICES.indexOf(s.helix) * 100;
      t = cards[base + Math.floor(rnd() * 100)];
    } else {
      t = cards[Math.floor(rnd() * cards.length)];
    }
    if (t === s) continue;
    const key = s.id < t.id ? s.id + t.id : t.id + s.id;
    if (seen.has(key)) continue;
    seen.add(key);
    relations.push({ id: `r${relations.length}`, source: s.id, target: t.id, kind: pick(KINDS).id });
  }
  return { cards, relations };
}

// Viewports (screen = world * zoom + (x, y)); both pages start from the same one.
export function viewFor(name) {
  if (name === 'fit') {
    const x0 = Math.min(...REGIONS.map((r) => r.x)), x1 = Math.max(...REGIONS.map((r) => r.x + r.w));
    const y0 = Math.min(...REGIONS.map((r) => r.y)), y1 = Math.max(...REGIONS.map((r) => r.y + r.h));
    const zoom = Math.min(SCREEN_W / (x1 - x0), SCREEN_H / (y1 - y0)) * 0.95;
    return { zoom, x: SCREEN_W / 2 - ((x0 + x1) / 2) * zoom, y: SCREEN_H / 2 - ((y0 + y1) / 2) * zoom };
  }
  // 'detail': zoom 1 on the government region
  const r = REGIONS[0];
  return { zoom: 1, x: SCREEN_W / 2 - r.cx, y: SCREEN_H / 2 - r.cy };
}

export function countVisible(cards, v) {
  let n = 0;
  for (const c of cards) {
    const sx = c.x * v.zoom + v.x, sy = c.y * v.zoom + v.y;
    if (sx + CARD_W * v.zoom > 0 && sx < SCREEN_W && sy + CARD_H * v.zoom > 0 && sy < SCREEN_H) n++;
  }
  return n;
}

// The cubic path both pages draw (source: bottom centre of card, target: top centre).
export function relationPath(sx, sy, tx, ty) {
  const d = Math.max(40, Math.abs(ty - sy) / 2);
  return `M${sx},${sy} C${sx},${sy + d} ${tx},${ty - d} ${tx},${ty}`;
}

// A fixed sequence of "remote" edits, as a Yjs observer would deliver them.
export function remoteUpdates(cards, count, seed = 7) {
  const rnd = mulberry32(seed);
  const out = [];
  for (let i = 0; i < count; i++) {
    const c = cards[Math.floor(rnd() * cards.length)];
    if (rnd() < 0.5) out.push({ id: c.id, x: c.x + Math.round((rnd() - 0.5) * 80), y: c.y + Math.round((rnd() - 0.5) * 40) });
    else out.push({ id: c.id, attitude: ATTITUDES[Math.floor(rnd() * 3)], name: c.name + (i % 2 ? '' : ' ✎') });
  }
  return out;
}
