"""Records shared by every app: charts drawn once and stored."""

from django.db import models


class RenderedChart(models.Model):
    """A chart's SVG, keyed by a hash of everything drawn (``Chart.key()``, ``common.charts``).

    Drawing takes 0.1 to 0.3 s, reading it back about 0.1 ms. Any change to what a chart shows
    (its data, titles or description, or the drawing code) gives a new key, so a stored chart is
    never out of date: a new one is drawn and stored beside it. Every new import empties the
    store and draws the charts pages need again, so it holds only charts of the evidence held.
    """

    key = models.CharField(max_length=64, unique=True)
    svg = models.TextField()
    # The SVG as PNG, for the Word briefing (about 60 ms to make): made the first time it is asked for.
    png = models.BinaryField(null=True, blank=True)

    def __str__(self):
        return self.key
