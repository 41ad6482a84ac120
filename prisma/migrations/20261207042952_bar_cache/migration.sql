-- CreateTable
CREATE TABLE "BarSeriesCache" (
    "provider" TEXT NOT NULL,
    "symbol" TEXT NOT NULL,
    "timeframe" TEXT NOT NULL,
    "adjustment" TEXT NOT NULL,
    "windows" TEXT NOT NULL,
    "barCount" INTEGER NOT NULL,
    "firstBar" REAL,
    "lastBar" REAL,
    "fetchedAt" DATETIME NOT NULL,

    PRIMARY KEY ("provider", "symbol", "timeframe", "adjustment")
);

-- CreateTable
CREATE TABLE "BarChunk" (
    "provider" TEXT NOT NULL,
    "symbol" TEXT NOT NULL,
    "timeframe" TEXT NOT NULL,
    "adjustment" TEXT NOT NULL,
    "start" REAL NOT NULL,
    "version" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,
    "data" BLOB NOT NULL,

    PRIMARY KEY ("provider", "symbol", "timeframe", "adjustment", "start"),
    CONSTRAINT "BarChunk_provider_symbol_timeframe_adjustment_fkey" FOREIGN KEY ("provider", "symbol", "timeframe", "adjustment") REFERENCES "BarSeriesCache" ("provider", "symbol", "timeframe", "adjustment") ON DELETE CASCADE ON UPDATE CASCADE
);
