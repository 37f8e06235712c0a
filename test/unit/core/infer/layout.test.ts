import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../../core/csv';
import { findTable, firstLineIsHeader } from '../../../../core/infer/layout';
import { guessType } from '../../../../core/infer/types';

const records = (text: string, delimiter = ';') => parseCsv(text, { delimiter }).records.filter((r) => !r.blank);
const guess = (values: string[]) => guessType({ name: '', values }, '.', { rdX: false, rdY: false, lat: false, lon: false }, 2026).type;

describe('findTable: where the table starts and whether it has a header', () => {
  it('takes years as headings when the values below are longer numbers', () => {
    const r = records('wijk;2014;2015\nA00;263417;273525\nA01;267895;281193\nA02;405405;421375\n');
    expect(findTable(r, '.', 2026)).toEqual({ start: 0, header: true });
  });

  it('takes a first line of the same shape as its rows for data', () => {
    const r = records('2019;120;4,5\n2020;98;3,9\n2021;77;4,1\n2022;81;4,0\n', ';');
    expect(findTable(r, ',', 2026)).toEqual({ start: 0, header: false });
  });

  it('takes text over numbers for headings, and repeated text for data', () => {
    expect(firstLineIsHeader(['naam', 'aantal'], records('Eik;12\nBeuk;8\nEik;3\n'), guess)).toBe(true);
    expect(firstLineIsHeader(['Eik', '12'], records('Eik;12\nBeuk;8\nEik;3\n'), guess)).toBe(false);
    expect(firstLineIsHeader(['a', 'a'], records('x;1\ny;2\n'), guess)).toBe(false);
  });

  it('finds the header below a preamble of other widths, and below one of the same width', () => {
    const wide = records('Rapport;bomen\nDatum;2024-05-01\n\nnr;soort;jaar\n1;Eik;1925\n2;Beuk;1954\n3;Linde;1960\n4;Eik;1970\n5;Iep;1980\n6;Es;1990\n', ';');
    expect(findTable(wide, '.', 2026)).toMatchObject({ start: 2, header: true });
    expect(wide[2]?.line).toBe(4);
    const same = records('Locatie;D06325;\nStraathoogte;1,19;m\n;;\ndatum;meting;\n2022-02-02 11:31;-0,45;\n2021-12-09 12:28;-0,37;\n2021-09-29 09:19;-0,45;\n2021-07-26 08:03;-0,42;\n2021-05-19 10:27;-0,34;\n2021-05-18 10:27;-0,34;\n', ';');
    // every preamble line is as wide as the table: the field count sees no preamble, the types do
    expect(findTable(same, ',', 2026)).toMatchObject({ start: 3, header: true });
    const titled = records(`Titel;\n${same.map((r) => r.text).join('\n')}\n`, ';');
    expect(findTable(titled, ',', 2026)).toMatchObject({ start: 4, header: true });
    // three rows under a long block of the same width
    const block = ['Locatie;E061056;', 'Adres;Rustenburgerstraat;', 'Straathoogte;-0,06;m', 'Top filter;-1,32;m', 'Bodem filter;-2,32;m', 'x;122108;', 'y;486467;', ';;', ';;'];
    const few = records(`E061056 Freatisch;\n${block.join('\n')}\ndatum;meting NAP;\n2021-12-09 11:43;-0,99;\n2021-09-27 07:38;-1,31;\n2021-07-22 08:15;-1,20;\n`, ';');
    expect(findTable(few, ',', 2026)).toMatchObject({ start: 10, header: true });
  });

  it('finds a preamble as wide as the table by comparing its lines with the rows below', () => {
    const rows = ['2022-02-02;-0,45;12;ok', '2022-01-02;-0,37;11;ok', '2021-12-02;-0,45;9;', '2021-11-02;-0,42;10;ok', '2021-10-02;-0,34;12;ok', '2021-09-02;-0,31;8;ok'];
    // a title line of four fields above a four-column table
    const titled = records(`Titel;Grondwaterstand;;\nPeilbuis;B12;;\ndatum;meting;aantal;opmerking\n${rows.join('\n')}\n`, ';');
    expect(findTable(titled, ',', 2026)).toMatchObject({ start: 2, header: true });
    // key;value lines above a two-column table, one of them numeric like the rows (Diameter;51)
    const pairs = records('Locatie;B12\nDiameter;51\nStraathoogte;-0,55\nx;115420\ndatum;meting\n2022-02-02 11:31;-1,83\n2022-01-17 12:31;-1,68\n2021-12-21 14:31;-1,62\n2021-11-22 16:31;-1,47\n2021-10-23 18:31;-1,40\n2021-09-23 18:31;-1,38\n', ';');
    expect(findTable(pairs, ',', 2026)).toMatchObject({ start: 4, header: true });
    // a file without header: no preamble, however wide
    expect(findTable(records(`${rows.join('\n')}\n`, ';'), ',', 2026)).toEqual({ start: 0, header: false });
    // an ordinary header: no preamble
    expect(findTable(records(`datum;meting;aantal;opmerking\n${rows.join('\n')}\n`, ';'), ',', 2026)).toEqual({ start: 0, header: true });
  });

  it('does not take an odd value among the first rows for the end of a preamble', () => {
    // no header, the second row has text in a number column: the row above it is data, not a preamble
    const odd = records('2022-02-02;-0,45;12\n2022-01-02;onbekend;11\n2021-12-02;-0,45;9\n2021-11-02;-0,42;10\n2021-10-02;-0,34;12\n2021-09-02;-0,31;8\n2021-08-02;-0,30;7\n', ';');
    expect(findTable(odd, ',', 2026).start).toBe(0);
    // a header, then an odd value in the third row
    const headed = records('datum;meting;aantal\n2022-02-02;-0,45;12\n2022-01-02;-0,37;11\n2021-12-02;n.b.;9\n2021-11-02;-0,42;10\n2021-10-02;-0,34;12\n2021-09-02;-0,31;8\n2021-08-02;-0,30;7\n', ';');
    expect(findTable(headed, ',', 2026)).toEqual({ start: 0, header: true });
  });
});
