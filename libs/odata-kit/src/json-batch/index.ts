export { parseJsonBatch } from './parse';
export { executeJsonBatch, type ExecuteJsonBatchOptions } from './execute';
export { isAtomicBatch, toSubRequest, fromSubResponse, jsonBatchResponse } from './http';
export {
  JsonBatchFormatError,
  type JsonBatchRequestItem,
  type JsonBatchResponseItem,
} from './types';
