import { DuckDBInstance } from '@duckdb/node-api';
const c = await (await DuckDBInstance.create(':memory:')).connect();
try { const r = await c.runAndReadAll(`SELECT max(code) FROM read_csv('/tmp/dx/late.csv', delim=',', skip=0, strict_mode=true)`); console.log(r.getRowsJS()); } catch (e) { console.log('ERR', String(e).slice(0, 200)); }
