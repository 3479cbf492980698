// Published CMUdict results the demo prints beside its own (see the demo README for the setups).

export interface PublishedResult {
  readonly system: string;
  /** Percent; null where the source gives none. */
  readonly per: number | null;
  readonly wer: number;
}

export const PUBLISHED_G2P_RESULTS: readonly PublishedResult[] = [
  { system: 'Rao et al. 2015, DBLSTM-CTC', per: null, wer: 25.8 },
  { system: 'Rao et al. 2015, DBLSTM-CTC + joint n-gram', per: null, wer: 21.3 },
  { system: 'Yao & Zweig 2015, bidirectional LSTM', per: 5.45, wer: 23.55 },
  { system: 'Toshniwal & Livescu 2016, attention ensemble', per: 4.69, wer: 20.24 },
];
