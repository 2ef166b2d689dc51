/** The parts of jsonstat-toolkit (no published types) the statistics tests use. */
declare module 'jsonstat-toolkit' {
  type Category = { label: string } | null;
  type Dimension = { label: string; id: string[]; Category(id: string): Category } | null;
  type Datum = { value: number | string | null; status: string | null } | null;
  type Dataset = {
    class: 'dataset';
    label: string;
    length: number;
    id: string[];
    value: (number | string | null)[];
    Dimension(id: string): Dimension;
    Data(coordinates: Record<string, string>): Datum;
  };
  export default function JSONstat(input: unknown): Dataset;
}
