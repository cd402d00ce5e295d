# The SQLite ledger table's insert ceiling by layout, without Steward: 12,800 rows in 64-row
# transactions into a fresh WAL database, with the schema of Sources/StewardSQLite/SQLiteSchema.swift
# and variants (page size, no subject index, rowid table, no secondary index, synchronous OFF).
# Results: docs/performance.md, "Ledger on SQLite: append". Run: python3 Benchmarks/yardstick/sqlite_layout.py
import sqlite3, os, time, sys, json
def run(name, page_size=4096, schema="wr", subject_index=True, sync="FULL", rows_per_txn=64, total=12800, subjects=64, ts_index=True, kind_index=True, blob_hash=False):
    path=f"/tmp/sqlite-layout-{name}.db"
    for s in ("","-wal","-shm"):
        try: os.remove(path+s)
        except FileNotFoundError: pass
    db=sqlite3.connect(path, isolation_level=None)
    db.execute(f"PRAGMA page_size={page_size}")
    db.execute("PRAGMA journal_mode=WAL"); db.execute(f"PRAGMA synchronous={sync}")
    if schema=="wr":
        db.execute("""CREATE TABLE ledger (tenant TEXT NOT NULL, seq INTEGER NOT NULL, ts INTEGER NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL, actor TEXT NOT NULL, payload TEXT NOT NULL, config_revision TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (tenant, seq)) WITHOUT ROWID""")
    else:
        db.execute("""CREATE TABLE ledger (id INTEGER PRIMARY KEY, tenant TEXT NOT NULL, seq INTEGER NOT NULL, ts INTEGER NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL, actor TEXT NOT NULL, payload TEXT NOT NULL, config_revision TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)""")
        db.execute("CREATE UNIQUE INDEX ledger_seq ON ledger(tenant, seq)")
    if kind_index: db.execute("CREATE INDEX ledger_by_kind ON ledger (tenant, kind, seq)")
    if subject_index: db.execute("CREATE INDEX ledger_by_subject ON ledger (tenant, subject, seq)")
    if ts_index: db.execute("CREATE INDEX ledger_by_ts ON ledger (tenant, ts)")
    payload=json.dumps({"agent":"A1","backlogAgeMinutes":3,"n":12345,"status":"healthy","successRate":0.97},separators=(",",":"))
    h="a"*64
    hb=bytes(32)
    rows=[("bench",i+1,1767225600000+i,"signal.received",f"agent:A{i%subjects}","key:0123456789ab",payload,"c"*64,hb if blob_hash else h,hb if blob_hash else h) for i in range(total)]
    t=time.perf_counter()
    for s in range(0,total,rows_per_txn):
        db.execute("BEGIN")
        db.executemany("INSERT INTO ledger (tenant,seq,ts,kind,subject,actor,payload,config_revision,prev_hash,hash) VALUES (?,?,?,?,?,?,?,?,?,?)", rows[s:s+rows_per_txn])
        db.execute("COMMIT")
    dt=time.perf_counter()-t
    walsize=os.path.getsize(path+"-wal") if os.path.exists(path+"-wal") else 0
    print(f"{name:40s} {total/dt:10.0f} rows/s  wal {walsize/1e6:.1f} MB")
    db.close()
for rep in range(2):
    run("base")
    run("page1k", page_size=1024)
    run("page2k", page_size=2048)
    run("nosubject", subject_index=False)
    run("rowid", schema="rowid")
    run("rowid-nosubj", schema="rowid", subject_index=False)
    run("no-sec", subject_index=False, ts_index=False, kind_index=False)
    run("base-sync-off", sync="OFF")
    run("blobhash", blob_hash=True)
