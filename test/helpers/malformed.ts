/** Payloads no channel of the contract may accept: wrong types, null, and an object with only an unexpected key. */
export const MALFORMED_PAYLOADS: unknown[] = [null, undefined, 42, 'text', true, [], [1, 2], { __unexpected: true }];
