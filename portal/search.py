"""The site-wide search: one index that every section feeds through the section registry.

A section declares what of it can be found with ``Searchable`` entries on its ``Section``
(``Section(..., searchables=(Searchable(...),))``). Each says which rows the public may see
(``public(now)``: published, due, shown publicly — the section's own public queryset) and how one row
reads in the results (``document(row) -> Doc``). This module keeps ``portal.SearchDocument`` in step:

- on save and delete of a registered model (and of the models it names in ``related``) the rows are
  re-read through ``public(now)``: a public row is written, anything else is removed — so drafts,
  scheduled, returned, unpublished and hidden rows never reach the index;
- ``update_index(since)`` (``manage.py search_index``, run from cron every few minutes) catches what
  signals cannot see: bulk writes, scheduled items coming due, schedule weeks moving on;
- ``rebuild_index()`` (``manage.py search_index --rebuild``, and after ``seed_bulk``/``load_demo``)
  writes everything again.

Text is folded with ``portal.text.fold`` and punctuation becomes spaces, so "15/2023/QH15",
"15/2023/qh15", "15-2023-qh15" and "15 2023 QH15" are the same words. On PostgreSQL the match is a
full-text query on a generated ``tsvector`` (numbers weigh most, then titles), ranked by ``ts_rank_cd``.
On SQLite the same words are matched with ``LIKE`` on word boundaries and ranked more simply (exact
number, phrase in the title, phrase anywhere). Results come with counts by kind and by agency.

When the words as typed match nothing, the last word is tried as the start of a word ("khám bện"),
then each word is corrected to the closest word of an indexed title (``portal.SearchWord``, the
lexicon kept on every write; trigram similarity on PostgreSQL, difflib on SQLite) and the corrected
words are searched ("kham benhh" finds "khám bệnh"). Each step is an indexed query on a small table
or on the full-text index, so a search that finds nothing costs about as much as one that does.
"""

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.apps import apps
from django.db import connection, transaction
from django.db.models import BooleanField, Case, Count, F, FloatField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation

from .text import fold, fold_html

MAX_TERMS = 10
MAX_BODY = 20000  # folded characters of a row's text kept for matching
BATCH = 1000
_NON_WORD = re.compile(r"[^0-9a-z]+")
_WORD = re.compile(r"\w+")


def normalize(text: str | None) -> str:
    """Folded words separated by single spaces: "Số 15/2023/QH15" -> "so 15 2023 qh15"."""
    text = text or ""
    folded = fold_html(text) if "<" in text else fold(text)
    return _NON_WORD.sub(" ", folded).strip()


def _padded(text: str) -> str:
    # Stored with a space on each side, so "% word %" / "% word%" match whole words or word starts.
    return f" {text} " if text else ""


@dataclass(frozen=True)
class Doc:
    """How one row reads in the search results."""

    title: str
    url: str
    number: str = ""  # code, number and symbol: matched first and exactly
    text: str | Iterable[str] = ""  # further searchable text; HTML is stripped
    summary: str = ""  # shown under the title (plain text)
    date: dt.date | None = None
    expires_at: dt.datetime | None = None


@dataclass(frozen=True)
class Searchable:
    kind: str  # path-safe key, e.g. "thu-tuc"
    label: object  # lazy Vietnamese label of the kind, e.g. _("Thủ tục hành chính")
    model: str  # "procedures.Procedure"
    public: Callable  # public(now) -> queryset of the rows the public may see (select_related as needed)
    document: Callable  # document(row) -> Doc
    # Other models whose change alters these rows' documents or visibility:
    # (("agencies.OrgUnit", lambda unit: Official.objects.filter(unit=unit)),)
    related: tuple = ()
    # Rows to look at again in the periodic update; default: changed (updated_at) or due
    # (published_at) since the last run.
    changed: Callable | None = None
    order: int = 100
    agency_field: str = "agency_id"  # None for province-wide rows

    def model_class(self):
        return apps.get_model(self.model)


_searchables: dict[str, Searchable] = {}


def register(searchable: Searchable) -> None:
    """Called by portal.sections.register for each ``Section.searchables`` entry."""
    existing = _searchables.get(searchable.kind)
    if existing is not None:
        if existing == searchable:
            return
        raise ValueError(f"Search kind {searchable.kind!r} is registered twice.")
    _searchables[searchable.kind] = searchable
    uid = f"portal.search:{searchable.kind}"
    post_save.connect(_on_save, sender=searchable.model, dispatch_uid=f"{uid}:save", weak=False)
    post_delete.connect(_on_delete, sender=searchable.model, dispatch_uid=f"{uid}:delete", weak=False)
    for label, _rows in searchable.related:
        post_save.connect(_on_related_save, sender=label, dispatch_uid=f"{uid}:{label}", weak=False)


def searchables() -> list[Searchable]:
    return sorted(_searchables.values(), key=lambda s: (s.order, s.kind))


def _for_model(model) -> list[Searchable]:
    label = model._meta.label_lower
    return [s for s in _searchables.values() if s.model.lower() == label]


# --- keeping the index ---------------------------------------------------------------------------
def _on_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    for searchable in _for_model(sender):
        reindex(searchable, [instance.pk])


def _on_delete(sender, instance, **kwargs):
    from django.contrib.contenttypes.models import ContentType

    from .models import SearchDocument

    SearchDocument.objects.filter(content_type=ContentType.objects.get_for_model(sender),
                                  object_id=instance.pk).delete()


def _on_related_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    label = sender._meta.label_lower
    for searchable in searchables():
        for related_label, rows in searchable.related:
            if related_label.lower() == label:
                reindex(searchable, rows(instance).values_list("pk", flat=True))


def _build(searchable, content_type_id, row):
    from .models import SearchDocument

    with translation.override("vi"):  # the index is Vietnamese whatever language the editor uses
        doc = searchable.document(row)
    text = doc.text if isinstance(doc.text, str) else " ".join(str(t) for t in doc.text if t)
    number_key = normalize(doc.number)
    return SearchDocument(
        kind=searchable.kind,
        agency_id=getattr(row, searchable.agency_field) if searchable.agency_field else None,
        content_type_id=content_type_id, object_id=row.pk,
        title=doc.title[:600], number=doc.number[:120], summary=_plain(doc.summary)[:400], url=doc.url[:500],
        date=doc.date.date() if isinstance(doc.date, datetime) else doc.date, expires_at=doc.expires_at,
        number_key=number_key[:120],
        title_text=_padded(normalize(f"{doc.title} {doc.number}")),
        # The kind's own name is searchable too: "lịch công tác", "thủ tục" find their kind.
        body_text=_padded(normalize(f"{searchable.label} {doc.summary} {text}")[:MAX_BODY]),
    )


def _plain(text: str) -> str:
    from django.utils.html import strip_tags

    return " ".join(strip_tags(text or "").replace("&nbsp;", " ").split())


_UPDATE_FIELDS = ["kind", "agency", "title", "number", "summary", "url", "date", "expires_at", "number_key",
                  "title_text", "body_text"]


MIN_WORD, MAX_WORD = 2, 40  # the lexicon's words (migration 0008 fills it with the same rule)


def lexicon_words(title_texts: Iterable[str]) -> set[str]:
    """The words of these folded titles worth correcting a query towards (not bare numbers)."""
    return {word for text in title_texts for word in text.split()
            if MIN_WORD <= len(word) <= MAX_WORD and not word.isdigit()}


def _write(documents) -> None:
    from .models import SearchDocument, SearchWord

    if documents:
        SearchDocument.objects.bulk_create(documents, batch_size=500, update_conflicts=True,
                                           unique_fields=["content_type", "object_id"],
                                           update_fields=_UPDATE_FIELDS)
        words = lexicon_words(d.title_text for d in documents)
        SearchWord.objects.bulk_create([SearchWord(word=w) for w in sorted(words)], batch_size=1000,
                                       ignore_conflicts=True)


def reindex(searchable: Searchable, pks: Iterable[int], now=None) -> int:
    """Write the documents of these rows if the public may see them, remove them otherwise."""
    from django.contrib.contenttypes.models import ContentType

    from .models import SearchDocument

    pks = list(pks)
    now = now or timezone.now()
    content_type = ContentType.objects.get_for_model(searchable.model_class())
    written = 0
    for start in range(0, len(pks), BATCH):
        chunk = pks[start:start + BATCH]
        documents = [_build(searchable, content_type.pk, row) for row in searchable.public(now).filter(pk__in=chunk)]
        shown = {d.object_id for d in documents}
        with transaction.atomic():
            SearchDocument.objects.filter(content_type=content_type,
                                          object_id__in=[pk for pk in chunk if pk not in shown]).delete()
            _write(documents)
        written += len(documents)
    return written


def _default_changed(searchable, since, now):
    model = searchable.model_class()
    names = {f.name for f in model._meta.get_fields()}
    condition = Q(pk__in=[])
    if "updated_at" in names:
        condition |= Q(updated_at__gte=since)
    if "published_at" in names:
        condition |= Q(published_at__gt=since, published_at__lte=now)
    return model._default_manager.filter(condition)


def update_index(since: datetime, now=None, stdout=None) -> dict[str, int]:
    """What signals cannot see: bulk writes, scheduled items come due, documents expired."""
    from .models import SearchDocument

    now = now or timezone.now()
    counts = {}
    for searchable in searchables():
        if searchable.changed:
            rows = searchable.changed(since, now)
        else:
            rows = _default_changed(searchable, since, now)
        counts[searchable.kind] = reindex(searchable, rows.values_list("pk", flat=True), now)
    counts["expired"] = SearchDocument.objects.filter(expires_at__lte=now).delete()[0]
    return counts


def rebuild_index(kinds: Iterable[str] | None = None, now=None, stdout=None) -> dict[str, int]:
    """Write the whole index again (or the given kinds), batch by batch in primary-key order."""
    from django.contrib.contenttypes.models import ContentType

    from .models import SearchDocument, SearchWord

    now = now or timezone.now()
    counts = {}
    if not kinds:  # everything is written again: so is the lexicon, without the words of gone titles
        SearchWord.objects.all().delete()
    for searchable in searchables():
        if kinds and searchable.kind not in kinds:
            continue
        content_type = ContentType.objects.get_for_model(searchable.model_class())
        SearchDocument.objects.filter(content_type=content_type).delete()
        SearchDocument.objects.filter(kind=searchable.kind).delete()
        queryset, last, total = searchable.public(now).order_by("pk"), 0, 0
        while True:
            rows = list(queryset.filter(pk__gt=last)[:BATCH])
            if not rows:
                break
            _write([_build(searchable, content_type.pk, row) for row in rows])
            last, total = rows[-1].pk, total + len(rows)
        counts[searchable.kind] = total
        if stdout is not None:
            stdout.write(f"search index: {searchable.kind} {total}")
    return counts


def load_demo(context):
    """``manage.py load_demo``, last: the index of everything the demo loaders wrote (idempotent)."""
    counts = rebuild_index()
    context.log("Chỉ mục tìm kiếm: " + ", ".join(f"{kind} {count}" for kind, count in counts.items()))


def seed_bulk(agencies, options, stdout):
    """``manage.py seed_bulk``, last: the seeders bulk_create (no signals), so index everything once."""
    counts = rebuild_index()
    stdout.write("search index: " + ", ".join(f"{kind} {count}" for kind, count in counts.items()))


# --- searching -----------------------------------------------------------------------------------
@dataclass
class Facet:
    key: str
    label: str
    count: int


@dataclass
class Results:
    query: str
    words: str = ""  # the normalized query
    documents: list = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 0
    kinds: list = field(default_factory=list)  # [Facet(kind, label, count)]
    agencies: list = field(default_factory=list)  # [Facet(slug, short name, count)]
    fuzzy: bool = False  # nothing matched the words typed: these are the results of ``suggestion``
    suggestion: str = ""  # the query's words corrected to the closest words of indexed titles
    broad: bool = False  # more than BROAD_LIMIT matches: total and facets are not counted (PostgreSQL)

    # The page interface of includes/pagination.html (Django's Page), without a count query.
    @property
    def number(self):
        return self.page

    @property
    def paginator(self):
        return self

    @property
    def num_pages(self):
        return self.pages

    def has_other_pages(self):
        return self.pages > 1

    def has_previous(self):
        return self.page > 1

    def has_next(self):
        return self.page < self.pages

    def previous_page_number(self):
        return self.page - 1

    def next_page_number(self):
        return self.page + 1


def _tsquery(terms: list[str], prefix: bool) -> str:
    # Terms are [0-9a-z]+ only (normalize), so they are safe tsquery lexemes.
    return " & ".join(terms) + (":*" if prefix else "")


def _matching(queryset, terms, prefix):
    if connection.vendor == "postgresql":
        return queryset.filter(RawSQL("portal_searchdocument.vector @@ to_tsquery('simple', %s)",
                                      [_tsquery(terms, prefix)], output_field=BooleanField()))
    for term in terms[:-1]:
        queryset = queryset.filter(Q(title_text__contains=f" {term} ") | Q(body_text__contains=f" {term} "))
    last = f" {terms[-1]}" if prefix else f" {terms[-1]} "
    return queryset.filter(Q(title_text__contains=last) | Q(body_text__contains=last))


def _rank(words: str, terms: list[str], full: bool, prefix: bool = False):
    """Exact number first, then the words in order in the title, then (SQLite) each word in the title.

    On PostgreSQL, when the matches are few enough (``full``), the weighted full-text rank
    (``ts_rank_cd``: number A, title B, text D) and the phrase anywhere are added; for very common
    words (thousands of matches) reading every match's vector would cost more than it tells.
    """
    def score(condition, points):
        return Case(When(condition, then=Value(float(points))), default=Value(0.0), output_field=FloatField())

    rank = score(Q(number_key=words), 100) + score(Q(title_text__contains=f" {words} "), 20)
    if connection.vendor == "postgresql":
        if full:
            rank = rank + RawSQL(
                "10 * ts_rank_cd(portal_searchdocument.vector, to_tsquery('simple', %s), 32)"
                " + CASE WHEN portal_searchdocument.vector @@ phraseto_tsquery('simple', %s) THEN 5 ELSE 0 END",
                [_tsquery(terms, prefix), words], output_field=FloatField())
        return rank
    for term in terms:
        rank = rank + score(Q(title_text__contains=f" {term}"), 2)
    return rank + score(Q(body_text__contains=f" {words} "), 5)


FULL_RANK_LIMIT = 2000  # matches above which PostgreSQL ranks on titles and numbers only
BROAD_LIMIT = FULL_RANK_LIMIT  # matches above which a search is "broad": capped counts, newest first
DENSE_SEEN = 1000  # dated matches seen in the probe before the newest-first walk is trusted
MIN_PREFIX = 2  # a last word shorter than this is never taken as the start of a longer one
MIN_CORRECTED = 3  # a word shorter than this is never corrected


def search(query: str, *, agency=None, kind: str | None = None, agency_slug: str | None = None, page: int = 1,
           per_page: int = 20, now=None) -> Results:
    """Public documents matching every word of ``query``, best first, with counts by kind and agency.

    ``agency`` limits to one agency (its own search page); ``agency_slug`` is the agency filter of
    the province-wide page. A fixed number of queries for a query that matches: counts by kind, by
    agency, one page; a query that matches nothing as typed adds the prefix try (one query), the
    correction (one query on the lexicon) and the search for the corrected words.

    On PostgreSQL the first query reads at most ``BROAD_LIMIT`` + 1 matches (kind and date only). When
    there are more (very common words: "quyết định" matches tens of thousands of rows), counting and
    ranking every match would cost most of a second, so the search is *broad*: the total is shown as
    "more than BROAD_LIMIT", the kinds and agencies are offered as filters without counts, and the page
    is exact number matches first, then the newest matches, found by walking the date indexes
    (migration 0007) and stopping after the page.
    """
    from .models import SearchDocument

    now = now or timezone.now()
    words = normalize(query)
    terms = words.split()[:MAX_TERMS]
    words = " ".join(terms)
    results = Results(query=query, words=words)
    if not terms:
        return results
    base = (SearchDocument.objects.filter(Q(agency__isnull=True) | Q(agency__is_active=True))
            .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now)))
    if agency is not None:
        base = base.filter(agency=agency)
    labels = {s.kind: s for s in searchables()}
    if kind not in labels:
        kind = None
    scope = dict(base=base, kind=kind, agency=agency, agency_slug=agency_slug, page=page, per_page=per_page,
                 labels=labels)
    if _search(results, terms, prefix=False, **scope):
        return results
    if len(terms[-1]) >= MIN_PREFIX and _search(results, terms, prefix=True, **scope):
        return results
    corrected = _corrected(terms)
    if corrected and corrected != terms and _search(results, corrected, prefix=False, **scope):
        results.fuzzy, results.suggestion = True, " ".join(_as_written(corrected, results.documents))
    return results


def _as_written(terms: list[str], documents) -> list[str]:
    """The corrected words as the titles found write them: "kham benh" -> "khám bệnh". The lexicon
    keeps words folded, and a citizen reads "hội nghị" more easily than "hoi nghi"; a word that no
    title shown writes stays folded."""
    written = {}
    for document in documents:
        for word in _WORD.findall(unicodedata.normalize("NFC", document.title)):
            written.setdefault(normalize(word), word.lower())
    return [written.get(term, term) for term in terms]


def _search(results, terms, *, prefix, base, kind, agency, agency_slug, page, per_page, labels) -> bool:
    """Fill ``results`` with the documents matching every term (the last one as a prefix if ``prefix``);
    False when there are none."""
    words = " ".join(terms)
    matched = _matching(base, terms, prefix)
    by_agency = matched.filter(agency__slug=agency_slug) if agency_slug else matched
    selected = by_agency.filter(kind=kind) if kind else by_agency

    def shown(queryset, agencies=None):
        if agencies is None:
            queryset = queryset.select_related("agency").only(
                "kind", "title", "number", "summary", "url", "date", "agency__name", "agency__short_name",
                "agency__slug")
        documents = list(queryset)
        for document in documents:
            document.kind_label = labels[document.kind].label
            if agencies is not None:
                document.agency = agencies.get(document.agency_id)
        return documents

    agencies = None
    if connection.vendor == "postgresql":
        # Query 1: kind, date and agency of at most BROAD_LIMIT + 1 matches, in whatever order is cheapest
        # (the agency is joined anyway, for is_active).
        sample = list(by_agency.order_by().values_list("kind", "date", "agency__slug", "agency__short_name")
                      [:BROAD_LIMIT + 1])
        if len(sample) > BROAD_LIMIT:
            _broad(results, [(k, day) for k, day, *_agency in sample], selected, words, kind, agency, agency_slug,
                   page, per_page, labels, shown)
            return True
        kinds = Counter(k for k, *_rest in sample)
        if agency is None and not agency_slug:  # every match is in the sample: count the agencies here
            agencies = Counter((slug, name) for k, _day, slug, name in sample if slug and (not kind or k == kind))
            agencies = sorted(agencies.items(), key=lambda item: (-item[1], item[0][1]))
            results.agencies = [Facet(slug, name, n) for (slug, name), n in agencies]
    else:
        kinds = dict(by_agency.order_by().values_list("kind").annotate(n=Count("pk")))
    if not kinds:
        return False
    results.kinds = [Facet(s.kind, s.label, kinds[s.kind]) for s in labels.values() if kinds.get(s.kind)]
    if agency is None and agencies is None:
        by_kind = matched.filter(kind=kind) if kind else matched
        rows = (by_kind.filter(agency__isnull=False).order_by().values("agency__slug", "agency__short_name")
                .annotate(n=Count("pk")).order_by("-n", "agency__short_name"))
        results.agencies = [Facet(r["agency__slug"], r["agency__short_name"], r["n"]) for r in rows]
    results.total = kinds.get(kind, 0) if kind else sum(kinds.values())
    if results.total:
        results.pages = (results.total + per_page - 1) // per_page
        results.page = max(1, min(page, results.pages))
        offset = (results.page - 1) * per_page
        rank = _rank(words, terms, full=results.total <= FULL_RANK_LIMIT, prefix=prefix)
        results.documents = shown(selected.annotate(rank=rank)
                                  .order_by("-rank", F("date").desc(nulls_last=True), "-pk")[offset:offset + per_page])
    return True


def _broad(results, sample, selected, words, kind, agency, agency_slug, page, per_page, labels, shown):
    """A search with more than BROAD_LIMIT matches (PostgreSQL): two more queries whatever the words."""
    from .models import SearchDocument

    Agency = SearchDocument._meta.get_field("agency").related_model  # the foundation imports no app
    results.broad = True
    results.total = BROAD_LIMIT
    results.kinds = [Facet(s.kind, s.label, None) for s in labels.values()]
    agencies = {agency.pk: agency} if agency is not None else None
    if agency is None:  # Query 2: the agencies to filter by, without counts (counting is what is slow)
        rows = list(Agency.objects.filter(is_active=True).only("name", "short_name", "slug").order_by("short_name"))
        agencies = {a.pk: a for a in rows}
        results.agencies = [Facet(a.slug, a.short_name, None) for a in rows]
    results.pages = max(1, BROAD_LIMIT // per_page)
    results.page = max(1, min(page, results.pages))
    offset = (results.page - 1) * per_page
    fields = ("kind", "agency_id", "title", "number", "summary", "url", "date")
    dated = sum(1 for k, day in sample if day is not None and (kind is None or k == kind))
    if dated < DENSE_SEEN:
        # Mostly undated rows (procedures, officials): ranking them all is still affordable.
        rank = _rank(words, words.split(), full=False)
        queryset = (selected.annotate(rank=rank).only(*fields)
                    .order_by("-rank", F("date").desc(nulls_last=True), "-pk")[offset:offset + per_page])
        results.documents = shown(queryset, agencies)
        return
    # Query 3: exact number first, then the newest dated matches (the walk stops after the page: at
    # least DENSE_SEEN of them exist), then undated ones; PostgreSQL reads the parts in this order.
    enough = offset + per_page
    newest = (F("date").desc(nulls_last=True), "-pk")
    parts = [
        selected.filter(number_key=words).only(*fields).order_by(*newest)[:enough],
        selected.exclude(number_key=words).filter(date__isnull=False).only(*fields).order_by(*newest)[:enough],
        selected.exclude(number_key=words).filter(date__isnull=True).only(*fields).order_by("-pk")[:enough],
    ]
    results.documents = shown(parts[0].union(*parts[1:], all=True)[offset:offset + per_page], agencies)


def _corrected(terms: list[str]) -> list[str]:
    """Each word replaced by the closest word of an indexed title (itself when it is one); numbers and
    very short words are kept as typed; empty when some word has nothing close (then a name, an address
    or a stray word matches nothing rather than being half-replaced by common words). One query on the
    lexicon: a trigram index lookup per word on PostgreSQL; on SQLite (development) the lexicon is
    read whole and compared with difflib."""
    from .models import SearchWord

    asked = [t for t in terms if len(t) >= MIN_CORRECTED and not t.isdigit()]
    if not asked:
        return terms
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT t.term, (SELECT w.word FROM portal_searchword w WHERE w.word %% t.term"
                " ORDER BY similarity(w.word, t.term) DESC, length(w.word), w.word LIMIT 1)"
                " FROM unnest(%s::text[]) AS t(term)", [asked])
            closest = dict(cursor.fetchall())
    else:
        import difflib

        lexicon = list(SearchWord.objects.order_by("word").values_list("word", flat=True))
        closest = {t: t if t in lexicon else next(iter(difflib.get_close_matches(t, lexicon, n=1)), None)
                   for t in asked}
    corrected = [closest.get(t, t) for t in terms]
    return [] if None in corrected else corrected


# --- helpers the sections use in their declarations ---------------------------------------------
def week_bounds(now) -> tuple[date, date]:
    """Monday of this week and Sunday of next week (local dates): the schedule entries searched."""
    today = timezone.localtime(now).date()
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=13)


def end_of_week(day: date) -> datetime:
    """Midnight after the Sunday of ``day``'s week, local time."""
    monday = day - timedelta(days=day.weekday())
    return timezone.make_aware(datetime.combine(monday + timedelta(days=7), datetime.min.time()))

