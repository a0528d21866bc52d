-- The conflict and negation pairs of a JSON Lines corpus, in SQL (DuckDB), for comparison with
-- claimlint. `{claims}` and `{entities}` are replaced by globs of the corpus's .jsonl files.
--
-- It follows DESIGN §4 for the standard packs on well-formed input: names and aliases are
-- resolved case-insensitively, `as-of` defaults to `published`, times coincide at the coarser
-- precision of the two, stages of the `status` progression are compatible, and (DESIGN §4 v2) a
-- value entails what it reaches along its predicate's `entails` relations (places along
-- `part-of`, culprits along `speaks-for`), a stage the earlier stages that are not optional, a
-- time its day; a terminal value conflicts with a stage only when that stage is `in-force`. It
-- checks nothing else: no quotes are anchored in the report texts, no value is validated, no
-- finding is folded or rendered.

CREATE TEMP TABLE ent AS
SELECT entity.id AS id, entity.name AS name, entity.aliases AS aliases, entity."part-of" AS part_of,
       entity."speaks-for" AS speaks_for
FROM read_json('{entities}', format = 'newline_delimited',
               columns = {entity: 'STRUCT(id VARCHAR, name VARCHAR, aliases VARCHAR[], "part-of" VARCHAR[], "speaks-for" VARCHAR[])'});

-- Every id, name and alias, lowercased, to its entity.
CREATE TEMP TABLE names AS
SELECT lower(trim(id)) AS name, id FROM ent
UNION SELECT lower(trim(name)), id FROM ent
UNION SELECT lower(trim(a)), id FROM (SELECT unnest(aliases) AS a, id FROM ent);

-- within(e, anc): e is anc, or part of it, transitively.
CREATE TEMP TABLE within AS
WITH RECURSIVE part AS (SELECT id AS child, unnest(part_of) AS parent FROM ent),
w(e, anc) AS (
    SELECT id, id FROM ent
    UNION SELECT w.e, p.parent FROM w JOIN part p ON p.child = w.anc
)
SELECT * FROM w;

-- voice(e, anc): e is anc, or speaks for it, transitively.
CREATE TEMP TABLE voice AS
WITH RECURSIVE sp AS (SELECT id AS child, unnest(speaks_for) AS parent FROM ent),
v(e, anc) AS (
    SELECT id, id FROM ent
    UNION SELECT v.e, s.parent FROM v JOIN sp s ON s.child = v.anc
)
SELECT * FROM v;

-- entails(p, a, b): entity value a entails b along the relation predicate p names.
CREATE MACRO entails(p, a, b) AS
    a = b
    OR (p IN ('location', 'launched-from') AND EXISTS (SELECT 1 FROM within w WHERE w.e = a AND w.anc = b))
    OR (p IN ('responsible', 'ordered-by', 'party', 'guarantor', 'mediator')
        AND EXISTS (SELECT 1 FROM voice v WHERE v.e = a AND v.anc = b));

-- The standard vocabulary: type, cardinality one, stable.
CREATE TEMP TABLE pred(name VARCHAR, type VARCHAR, one BOOLEAN, stable BOOLEAN);
INSERT INTO pred VALUES
    ('status', 'enum', true, false), ('party', 'entity', false, false), ('guarantor', 'entity', false, false),
    ('mediator', 'entity', false, false), ('covers', 'entity', false, false), ('destination', 'entity', true, false),
    ('takes-effect', 'date', true, true), ('talks-with', 'entity', false, false), ('intends', 'text', false, false),
    ('occurred', 'none', true, false), ('responsible', 'entity', true, true), ('location', 'entity', true, true),
    ('killed', 'number', true, false), ('injured', 'number', true, false), ('evacuated', 'number', true, false),
    ('displaced', 'number', true, false), ('arrested', 'number', true, false),
    ('scheduled', 'date', true, false), ('ordered-by', 'entity', false, false), ('launched-from', 'entity', true, true),
    ('weapon', 'entity', true, true), ('cause', 'text', true, true), ('works-for', 'entity', false, false),
    ('released', 'number', true, false), ('missing', 'number', true, false);
CREATE TEMP TABLE stage(value VARCHAR, pos INTEGER);
INSERT INTO stage VALUES ('proposed', 0), ('negotiating', 1), ('agreed', 2), ('signed', 3), ('approved', 4),
    ('in-force', 5), ('ended', 6);

CREATE TEMP TABLE raw AS
SELECT report.id AS report, report.published AS published, unnest(claim) AS c
FROM read_json('{claims}', format = 'newline_delimited',
               columns = {report: 'STRUCT(id VARCHAR, published VARCHAR)',
                          claim: 'STRUCT(id VARCHAR, subject VARCHAR, predicate VARCHAR, "value" JSON, negated BOOLEAN, certainty VARCHAR, "as-of" VARCHAR)[]'});

CREATE TEMP TABLE claims AS
WITH c AS (
    SELECT report || '#' || c.id AS ref, report, c.subject AS subject, c.predicate AS predicate,
           CASE WHEN json_type(c.value) = 'VARCHAR' THEN c.value ->> '$' ELSE CAST(c.value AS VARCHAR) END AS value,
           coalesce(c.negated, false) AS negated, coalesce(c.certainty, 'certain') AS certainty,
           coalesce(c."as-of", published) AS as_of
    FROM raw
)
SELECT c.ref, c.report, s.id AS subject, c.predicate, p.type, p.one, p.stable, c.negated, c.certainty,
       CASE WHEN p.type = 'entity' THEN v.id WHEN p.type = 'text' THEN lower(c.value) ELSE c.value END AS value,
       st.pos AS stage,
       c.certainty IN ('certain', 'probable') AND NOT c.negated AS asserts,
       c.certainty IN ('certain', 'probable') AND c.negated AS denies,
       substr(c.as_of, 1, 10) AS day,
       CASE WHEN length(c.as_of) > 10 THEN CAST(c.as_of AS TIMESTAMPTZ) END AS instant
FROM c
JOIN names s ON s.name = lower(trim(c.subject))
JOIN pred p ON p.name = c.predicate
LEFT JOIN names v ON p.type = 'entity' AND v.name = lower(trim(c.value))
LEFT JOIN stage st ON p.type = 'enum' AND st.value = c.value;

-- The standard `inference` pack: a toll, a count of the injured, a culprit or a place says the
-- event occurred. One derived claim per statement (report, subject, certainty, time), from the
-- first claim in (report, claim id) order, unless the report states it already; claims of
-- certainty `unknown` imply nothing.
-- implied(occurred(s)) :- claim(c, s, p, _), p in (killed, injured, responsible, location), affirmed(c), !unknown(c).
INSERT INTO claims
SELECT min(c.ref), c.report, c.subject, 'occurred', 'none', true, false, false, c.certainty, NULL, NULL,
       c.certainty IN ('certain', 'probable'), false, c.day, c.instant
FROM claims c
WHERE c.predicate IN ('killed', 'injured', 'responsible', 'location') AND NOT c.negated AND c.certainty <> 'unknown'
  AND NOT EXISTS (
      SELECT 1 FROM claims o
      WHERE o.predicate = 'occurred' AND o.report = c.report AND o.subject = c.subject AND NOT o.negated
        AND o.certainty = c.certainty AND o.day = c.day AND o.instant IS NOT DISTINCT FROM c.instant)
GROUP BY c.report, c.subject, c.certainty, c.day, c.instant;

-- Two times coincide at the coarser precision of the two; two dates (or date values) likewise.
CREATE MACRO coincide(da, ia, db, ib) AS
    CASE WHEN ia IS NOT NULL AND ib IS NOT NULL THEN ia = ib ELSE da = db END;
CREATE MACRO same_value(t, a, b) AS
    CASE WHEN t = 'date' THEN coincide(substr(a, 1, 10),
                                       CASE WHEN length(a) > 10 THEN CAST(a AS TIMESTAMPTZ) END,
                                       substr(b, 1, 10),
                                       CASE WHEN length(b) > 10 THEN CAST(b AS TIMESTAMPTZ) END)
         ELSE a IS NOT DISTINCT FROM b END;

-- conflict(a, b) :- asserts(a, s, p, v), asserts(b, s, p, w), one(p), !compatible(v, w), contemporary(a, b).
CREATE TEMP TABLE conflict AS
SELECT a.ref AS a, b.ref AS b
FROM claims a JOIN claims b ON a.subject = b.subject AND a.predicate = b.predicate AND a.ref < b.ref
WHERE a.asserts AND b.asserts AND a.one AND a.type NOT IN ('number', 'none')
  AND NOT same_value(a.type, a.value, b.value)
  AND NOT (a.stage IS NOT NULL AND b.stage IS NOT NULL)
  -- A terminal value (outside the progression) and a stage conflict only at `in-force`.
  AND NOT (a.type = 'enum' AND (a.stage IS NULL) <> (b.stage IS NULL) AND coalesce(a.stage, b.stage) <> 5)
  AND NOT (a.type = 'entity' AND (entails(a.predicate, a.value, b.value) OR entails(a.predicate, b.value, a.value)))
  AND (a.stable OR coincide(a.day, a.instant, b.day, b.instant));

-- negation(a, d) :- asserts(a, s, p, v), denies(d, s, p, w), reaches(v, w), contemporary(a, d).
CREATE TEMP TABLE negation AS
SELECT a.ref AS a, d.ref AS b
FROM claims a JOIN claims d ON a.subject = d.subject AND a.predicate = d.predicate
WHERE a.asserts AND d.denies
  AND (CASE WHEN a.type = 'date' THEN
                 -- a time says its day; a day says no time on it
                 CASE WHEN length(d.value) > 10 THEN length(a.value) > 10 AND CAST(a.value AS TIMESTAMPTZ) = CAST(d.value AS TIMESTAMPTZ)
                      ELSE substr(a.value, 1, 10) = d.value END
            WHEN a.type = 'entity' THEN entails(a.predicate, a.value, d.value)
            ELSE a.value IS NOT DISTINCT FROM d.value
                 OR (a.stage IS NOT NULL AND d.stage IS NOT NULL AND d.stage < a.stage
                     AND d.value NOT IN ('signed', 'approved')) END)
  AND (a.stable OR coincide(a.day, a.instant, d.day, d.instant));
