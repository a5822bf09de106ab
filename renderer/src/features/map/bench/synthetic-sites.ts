// A deterministic synthetic province for the map benchmark: sites bunched around county seats the
// way real networks are (dense near towns and rivers, sparse in between), with the real mix of kinds
// and health. No registry data is involved, so the bench runs anywhere.
export type SyntheticSite = {
  readonly id: string;
  readonly code: string;
  readonly lat: number;
  readonly lng: number;
  readonly kind: 'intake' | 'source_quality' | 'boundary_section';
  readonly status: 'meets' | 'not_judged' | 'below' | 'silent' | 'fault';
};

/** mulberry32: small, fast, seedable. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` sites over a Yunnan-sized box (21–29°N, 97.5–106°E) around 129 county seats. */
export function syntheticSites(n: number, seed = 2026): SyntheticSite[] {
  const rand = prng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const seats = Array.from({ length: 129 }, () => ({
    lat: 21.5 + rand() * 7,
    lng: 98 + rand() * 7.5,
    spread: 0.05 + rand() * 0.25,
  }));
  const out: SyntheticSite[] = [];
  for (let i = 0; i < n; i += 1) {
    const seat = seats[Math.floor(rand() * seats.length)] ?? { lat: 25, lng: 102, spread: 0.1 };
    const r = rand();
    const kind = r < 0.82 ? 'intake' : r < 0.94 ? 'source_quality' : 'boundary_section';
    const h = rand();
    const status =
      h < 0.8 ? 'meets' : h < 0.86 ? 'below' : h < 0.91 ? 'silent' : h < 0.95 ? 'fault' : 'not_judged';
    out.push({
      id: `syn-${i}`,
      code: `53${String(i).padStart(8, '0')}`,
      lat: Math.min(29, Math.max(21, seat.lat + gauss() * seat.spread)),
      lng: Math.min(106, Math.max(97.5, seat.lng + gauss() * seat.spread)),
      kind,
      status,
    });
  }
  return out;
}
