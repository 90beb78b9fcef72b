"""Reading sitemap.xml as a search engine does: the index, then every sitemap file it names."""

import re

INDEX_LOC = re.compile(r"<loc>https?://[^/<]+(/[^<]*)</loc>")


def sitemap_text(client, **extra) -> str:
    """The text of every sitemap file the index at /sitemap.xml names (pages included)."""
    index = client.get("/sitemap.xml", **extra)
    assert index.status_code == 200 and b"<sitemapindex" in index.content, index.content[:300]
    return "".join(client.get(path.replace("&amp;", "&"), **extra).content.decode()
                   for path in INDEX_LOC.findall(index.content.decode()))
