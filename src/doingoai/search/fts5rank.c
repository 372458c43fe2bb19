/*
 * doingoai_rank: FTS5's BM25 with the inverse document frequencies given by the caller.
 *
 * FTS5's built-in bm25() counts, once per statement, the rows of the whole index that match each
 * phrase of the query (xQueryPhrase). On a library of a million documents that count is most of a
 * search's time: 40 ms for a word in three quarters of the rows, more for a phrase of common
 * words, however few rows the statement ranks. The search knows these counts already, or keeps
 * them from one query to the next (doingoai.search.query), so it passes each phrase's IDF and this
 * function does the rest of bm25()'s work on the current row only:
 *
 *     doingoai_rank(fts_table, w_0, ..., w_{columns-1}, idf_0, ..., idf_{phrases-1})
 *
 * The weights are bm25()'s column weights. With the IDFs bm25() would compute (idf = log((N - n +
 * 0.5) / (n + 0.5)), at least 1e-6), the result is bm25()'s to the last bit; like bm25() it is
 * negative, better rows lower.
 *
 * The library registers it on every new connection (sqlite3_auto_extension, see
 * doingoai.search.fts5rank); without it the search falls back to bm25().
 */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#define RANK_K1 1.2
#define RANK_B 0.75
#define RANK_PHRASES_ON_STACK 64

static void rank_function(
    const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *out, int argc, sqlite3_value **argv)
{
    int columns = api->xColumnCount(fts);
    int phrases = api->xPhraseCount(fts);
    if (argc != columns + phrases) {
        sqlite3_result_error(out, "doingoai_rank: expected one weight per column, then one IDF per phrase", -1);
        return;
    }
    double *average = (double *)api->xGetAuxdata(fts, 0);
    int rc = SQLITE_OK;
    if (average == 0) {
        sqlite3_int64 rows = 0, tokens = 0;
        rc = api->xRowCount(fts, &rows);
        if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &tokens);
        if (rc != SQLITE_OK) {
            sqlite3_result_error_code(out, rc);
            return;
        }
        average = (double *)sqlite3_malloc(sizeof(double));
        if (average == 0) {
            sqlite3_result_error_nomem(out);
            return;
        }
        *average = rows > 0 ? (double)tokens / (double)rows : 1.0;
        rc = api->xSetAuxdata(fts, average, sqlite3_free);
        if (rc != SQLITE_OK) {
            sqlite3_result_error_code(out, rc);
            return;
        }
    }
    double stack[RANK_PHRASES_ON_STACK];
    double *frequency = stack;
    if (phrases > RANK_PHRASES_ON_STACK) {
        frequency = (double *)sqlite3_malloc64(sizeof(double) * (sqlite3_uint64)phrases);
        if (frequency == 0) {
            sqlite3_result_error_nomem(out);
            return;
        }
    }
    for (int i = 0; i < phrases; i++) frequency[i] = 0.0;
    int instances = 0;
    rc = api->xInstCount(fts, &instances);
    for (int i = 0; rc == SQLITE_OK && i < instances; i++) {
        int phrase = 0, column = 0, offset = 0;
        rc = api->xInst(fts, i, &phrase, &column, &offset);
        if (rc == SQLITE_OK && phrase >= 0 && phrase < phrases && column >= 0 && column < columns) {
            frequency[phrase] += sqlite3_value_double(argv[column]);
        }
    }
    int length = 0;
    if (rc == SQLITE_OK) rc = api->xColumnSize(fts, -1, &length);
    if (rc == SQLITE_OK) {
        double norm = RANK_K1 * (1.0 - RANK_B + RANK_B * (double)length / *average);
        double score = 0.0;
        for (int i = 0; i < phrases; i++) {
            double idf = sqlite3_value_double(argv[columns + i]);
            score += idf * ((frequency[i] * (RANK_K1 + 1.0)) / (frequency[i] + norm));
        }
        sqlite3_result_double(out, -1.0 * score);
    } else {
        sqlite3_result_error_code(out, rc);
    }
    if (frequency != stack) sqlite3_free(frequency);
}

static void ready_function(sqlite3_context *out, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_int(out, 1);
}

static fts5_api *fts5_api_of(sqlite3 *db)
{
    fts5_api *found = 0;
    sqlite3_stmt *statement = 0;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, 0) == SQLITE_OK) {
        sqlite3_bind_pointer(statement, 1, (void *)&found, "fts5_api_ptr", 0);
        sqlite3_step(statement);
    }
    sqlite3_finalize(statement);
    return found;
}

#ifdef _WIN32
__declspec(dllexport)
#endif
int doingoai_fts5rank_init(sqlite3 *db, char **error, const sqlite3_api_routines *routines)
{
    (void)error;
    SQLITE_EXTENSION_INIT2(routines);
    fts5_api *fts = fts5_api_of(db);
    if (fts == 0 || fts->iVersion < 2) return SQLITE_OK; /* no FTS5 here: the search uses bm25() */
    int rc = fts->xCreateFunction(fts, "doingoai_rank", 0, rank_function, 0);
    if (rc == SQLITE_OK) {
        /* Tells the library that this connection has the ranking function. */
        rc = sqlite3_create_function(
            db, "doingoai_rank_ready", 0, SQLITE_UTF8 | SQLITE_DETERMINISTIC, 0, ready_function, 0, 0);
    }
    return rc;
}
