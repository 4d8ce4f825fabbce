/** One operation of an OData JSON batch (`{"requests":[...]}`), as Business Central accepts it. */
export interface JsonBatchRequestItem {
  /** Optional in BC (answered with `"id": null`); required by OData 4.01 when dependsOn is used. */
  id?: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Relative to the service root (`companies(...)/customers`), absolute path, or absolute URL. */
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  dependsOn: string[];
}

export interface JsonBatchResponseItem {
  id: string | null;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

/** The batch envelope itself is malformed (the whole `$batch` answers 400). */
export class JsonBatchFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonBatchFormatError';
  }
}
