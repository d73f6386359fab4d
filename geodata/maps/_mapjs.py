"""Leaflet snippets (folium MacroElements) behind :mod:`geodata.maps.layers`.

Every element renders only a ``script`` macro (plus CSS in the figure header), so it works both
in a saved HTML file and inside streamlit-folium, which runs each element's script macro.
Data goes in as JSON; any text in it was HTML-escaped by the caller; ``</`` is written as
``<\\/`` so no string can close the ``<script>`` element.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from branca.element import Element, MacroElement
from folium.plugins import HeatMap
from folium.template import Template

__all__ = [
    "CSS",
    "POPUP_JS",
    "Behaviour",
    "ChoroplethLayer",
    "EventLayer",
    "HeatLayer",
    "Legend",
    "Popups",
    "RawRender",
    "VectorBasemap",
    "css_element",
    "js_json",
]


def js_json(obj: Any) -> str:
    """JSON for inlining into a ``<script>``: compact, and ``</`` escaped."""
    s = json.dumps(obj, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return s.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


CSS = """<style>
.ua-legend{background:rgba(255,255,255,.93);padding:6px 9px;font:12px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;border-radius:5px;box-shadow:0 1px 5px rgba(0,0,0,.35);max-width:250px;max-height:70vh;overflow:auto;color:#222}
.ua-legend h4{font-size:12px;margin:5px 0 2px;font-weight:600}
.ua-legend summary{cursor:pointer;font-size:12px}
.ua-legend .ua-row{display:flex;align-items:center;gap:6px;white-space:nowrap}
.ua-legend .ua-note{color:#555;font-size:11px;white-space:normal;margin-top:3px}
.ua-legend svg{flex:none}
.ua-swatch{display:inline-block;width:11px;height:11px;border-radius:50%;vertical-align:-1px;box-shadow:0 0 0 1px rgba(0,0,0,.25)}
.ua-box{display:inline-block;width:14px;height:10px;border:1px solid rgba(0,0,0,.25)}
.ua-popup{font:12px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222}
.ua-popup .ua-h{font-weight:600;font-size:13px}
.ua-popup .ua-meta{color:#444}
.ua-popup .ua-notes{margin:5px 0;padding:4px 7px;border-left:3px solid #bbb;background:#f7f7f5;white-space:pre-wrap;word-wrap:break-word}
.ua-popup mark{background:#ffe066;padding:0 1px;border-radius:2px}
.ua-popup .ua-src{color:#555;font-size:11px}
.ua-popup .ua-status-verified{color:#1a7f37;font-weight:600}
.ua-popup .ua-status-flagged{color:#b42318;font-weight:600}
.ua-popup .ua-id{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:11px;color:#555}
.ua-popup hr{margin:6px 0}
.ua-flag{margin-top:4px;font-size:11px;padding:1px 7px;border:1px solid #b42318;color:#b42318;background:#fff;border-radius:3px;cursor:pointer}
.ua-flag.ua-flagged{background:#b42318;color:#fff}
.ua-label span{display:inline-block;transform:translate(-50%,-50%);white-space:nowrap;color:#5b5b5b;font:600 11px/1 system-ui,sans-serif;text-shadow:0 0 2px #fff,0 0 3px #fff,0 0 4px #fff;pointer-events:none}
.ua-label-admin1 span{font-weight:400;font-style:italic;font-size:10px;color:#7a746b}
.ua-label-country,.ua-label-admin1{display:none}
.ua-z-country .ua-label-country,.ua-z-admin1 .ua-label-admin1{display:block}
.ua-vector.leaflet-container{background:#cfe2ee}
.leaflet-heatmap-layer{pointer-events:none}
.leaflet-control-attribution{max-width:calc(100% - 140px);font-size:10px;line-height:1.35}
.ua-cluster{background:transparent}
.ua-ring svg{display:block;filter:drop-shadow(0 1px 2px rgba(0,0,0,.35))}
.ua-ring text{font:700 12px system-ui,sans-serif;fill:#222}
</style>"""


def css_element() -> Element:
    """The map's stylesheet, as a fresh element for one figure header."""
    return Element(CSS)


@functools.lru_cache(maxsize=64)
def _compiled(source: str) -> Template:
    """A compiled template, once per source text (compiling costs milliseconds per map)."""
    compiled: Template = Template(source)
    return compiled


class _Raw(Element):
    """Text placed in the page as it is: never compiled as a template."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **kwargs: Any) -> str:
        return self._text


def _render_raw(self: MacroElement, **kwargs: Any) -> None:
    """``MacroElement.render`` without compiling each rendered macro as a template again."""
    figure = self.get_root()
    module = self._template.module.__dict__
    parts = (("header", figure.header), ("html", figure.html),  # type: ignore[attr-defined]
             ("script", figure.script))  # type: ignore[attr-defined]
    for part, target in parts:
        macro = module.get(part)
        if macro is not None:
            target.add_child(_Raw(macro(self, kwargs)), name=self.get_name())
    for child in self._children.values():
        child.render(**kwargs)


class RawRender(MacroElement):
    """Mixin for folium elements: put each rendered macro in the page as raw text.

    branca's ``MacroElement.render`` compiles every rendered macro again as a Jinja template
    (and renders it): milliseconds per element and, for a layer holding data, a pass of the
    template lexer over all of it; text in the data that looks like ``{{ ... }}`` would be
    evaluated. List it after the folium class (``class X(folium.FeatureGroup, RawRender)``):
    folium's own ``render`` steps (links, includes, ``addTo``) still run first.
    """

    render = _render_raw


class _Script(MacroElement):
    """A MacroElement whose script macro is given as a template string.

    Rendering puts the macro's output in the page as raw text (see :class:`RawRender`).
    """

    render = _render_raw

    def __init__(self, name: str, script: str, **attrs: Any) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = name
        # keep the source too: branca rebuilds ``_template`` from ``_template_str`` when a
        # map is copied or pickled (streamlit caching does both)
        self._template_str = "{% macro script(this, kwargs) %}" + script + "{% endmacro %}"
        self._template = _compiled(self._template_str)
        for k, v in attrs.items():
            setattr(self, k, v)


#: The popup builder of the map (``window.uaPopup``): turns the compact records of
#: :mod:`geodata.maps._popups` into the popup HTML when a popup opens, exactly as
#: ``event_html``/``cell_html``/``region_html`` do in Python. Every string of a record is HTML
#: text already (escaped in Python); numbers go through ``Number``, nothing else is inserted.
POPUP_JS = r"""
(function(){
  if (window.uaPopup) { return; }
  var PREC = {{ this.labels_js }};
  function int(v) { return String(Math.trunc(Number(v))); }
  function num(v) { return int(v).replace(/\B(?=(\d{3})+(?!\d))/g, ','); }
  function sw(c) { return '<span class="ua-swatch" style="background:' + c + '"></span> '; }
  function event(r, color) {
    var eid = r[0], sub = r[2] || '', place = r[4] || '', prec = r[5], fat = r[6],
        sev = r[7], notes = r[8] || '', actors = r[9] || '', inj = r[10], rep = r[11] || '',
        source = r[12] || '', ns = r[13], conf = r[14] || '',
        st = r[15] || ['unreviewed', 'unreviewed'];
    var h = '<div class="ua-popup" data-event-id="' + eid + '"><div class="ua-h">' + sw(color)
      + r[1] + (sub ? ' \u00b7 ' + sub : '') + '</div><div class="ua-meta">' + r[3]
      + '</div><div class="ua-meta">' + (place || 'place unknown') + ' <i>('
      + (PREC[prec || 0] || 'precision unknown') + ')</i></div>';
    if (actors) { h += '<div>Actors: ' + actors + '</div>'; }
    var fig = ['Fatalities: ' + (fat != null ? int(fat) : 'unknown')];
    if (inj != null) { fig.push('Injuries: ' + int(inj)); }
    if (sev != null) { fig.push('Severity: ' + int(sev) + '/5'); }
    h += '<div>' + fig.join(' \u00b7 ') + '</div>';
    if (notes) { h += '<div class="ua-notes">' + notes + '</div>'; }
    var src = [];
    if (rep) { src.push('Report ' + rep); }
    if (source) { src.push('source: ' + source); }
    if (ns != null) {
      src.push(int(ns) + ' source' + (ns != 1 ? 's' : '') + (ns > 1 ? ' (corroborated)' : ''));
    }
    if (conf) { src.push('geocoding confidence ' + conf); }
    if (src.length) { h += '<div class="ua-src">' + src.join(' \u00b7 ') + '</div>'; }
    return h + '<div><span class="ua-status-' + st[0] + '">' + st[1] + '</span> \u00b7 '
      + '<span class="ua-id" data-event-id="' + eid + '">Event ID: ' + eid + '</span></div></div>';
  }
  function cell(c, th, color, size, limit) {
    var n = c[3], d = c[6] === c[7] ? c[6] : c[6] + ' \u2013 ' + c[7];
    return '<div class="ua-popup"><div class="ua-h">' + sw(color) + num(n) + ' ' + th
      + ' event' + (n != 1 ? 's' : '') + '</div><div>in a ' + size
      + '\u00b0 grid cell around ' + c[9] + '</div>'
      + (c[8] ? '<div>' + num(c[8]) + ' of them region-level (placed at the region\'s '
                + 'reference point)</div>' : '')
      + '<div>Fatalities: ' + num(c[4])
      + (c[5] == null ? '' : ' \u00b7 max severity ' + int(c[5]) + '/5') + '</div>'
      + '<div>Dates: ' + (d || 'unknown') + '</div><div class="ua-src">Aggregated: more than '
      + limit + ' events on the map. Filter the selection (in the dashboard: click the cell) '
      + 'to see single events.</div></div>';
  }
  function region(g, recs, color) {
    var n = g[2], shown = g[3], parts = [];
    for (var i = 0; i < shown.length; i++) { parts.push(event(recs[shown[i]], color)); }
    return '<div class="ua-popup"><div class="ua-src">Region-level: ' + g[0] + ', ' + g[1]
      + ' \u00b7 ' + int(n) + ' event' + (n != 1 ? 's' : '') + '</div></div>'
      + parts.join('<hr>') + (n > shown.length ? '<div class="ua-popup ua-src">\u2026 and '
      + int(n - shown.length) + ' more</div>' : '');
  }
  window.uaPopup = {event: event, cell: cell, region: region};
})();
"""


class Popups(_Script):
    """The popup builder (:data:`POPUP_JS`), once per map, before the event layers."""

    def __init__(self, labels: dict[int, str]) -> None:
        super().__init__("UnrestAtlasPopups", POPUP_JS, labels_js=js_json(labels))


class EventLayer(_Script):
    """Events of one type, added to the parent FeatureGroup (points to ``target``).

    ``records``: the popups, as records of :func:`geodata.maps._popups.event_popup_data`;
    ``points``: ``[lat, lon, radius, precision, record index, properties]``;
    ``cells``: aggregated grid cells (:func:`geodata.maps._popups.cell_popup_data`) of a
    ``size_text``-degree grid on a map of at most ``limit_text`` markers;
    ``regions``: a FeatureCollection whose properties carry ``_r`` (``[name, country,
    events, record indices]``, see :func:`geodata.maps._popups.region_html`);
    ``halos``: ``[lat, lon, metres, record index, properties]``. ``etype`` is the type's
    name (``type_html`` escaped). Popups are built when they open (:class:`Popups`). Every
    layer gets a GeoJSON-like ``feature`` so streamlit-folium returns its properties
    (``event_id``; a cell's ``cell``, ``event_type``, ``event_count``, ``bbox``) in
    ``last_active_drawing``.
    """

    def __init__(self, *, color: str, etype: str, type_html: str, points: list[list[Any]],
                 regions: dict[str, Any], halos: list[list[Any]], records: list[list[Any]],
                 cells: list[list[Any]] | None = None, size_text: str = "",
                 limit_text: str = "", target: Element | None = None) -> None:
        cells = cells or []
        super().__init__(
            "UnrestAtlasEvents",
            """
(function(){
  var group = {{ this._parent.get_name() }};
  var target = {{ this.target.get_name() if this.target else this._parent.get_name() }};
  var color = {{ this.color|tojson }}, meta = {{ this.meta_js }}, P = window.uaPopup;
  var recs = {{ this.records_js }};
  var pts = {{ this.points_js }};
  var cells = {{ this.cells_js }};
  var eventPopup = function (l) { return P.event(recs[l.__uaRec], color); };
  var cellPopup = function (l) { return P.cell(l.__uaCell, meta.h, color, meta.g, meta.m); };
  var layers = [];
  for (var q = 0; q < cells.length; q++) {
    var c = cells[q];
    var cm = L.circleMarker([c[0], c[1]], {
      radius: c[2], color: '#ffffff', weight: 1, dashArray: null, fillColor: color,
      fillOpacity: 0.6, className: 'ua-cell', n: c[3]});
    cm.feature = {type: 'Feature',
                  properties: {cell: true, event_type: meta.t, event_count: c[3], bbox: c[10]},
                  geometry: {type: 'Point', coordinates: [c[1], c[0]]}};
    cm.__uaCell = c;
    cm.bindPopup(cellPopup, {maxWidth: 380});
    layers.push(cm);
  }
  for (var i = 0; i < pts.length; i++) {
    var d = pts[i], near = d[3] === 2;
    var mk = L.circleMarker([d[0], d[1]], {
      radius: d[2], color: near ? color : '#ffffff', weight: near ? 2.2 : 1,
      dashArray: near ? '4 3' : null, fillColor: color, fillOpacity: near ? 0.35 : 0.85,
      className: 'ua-point ua-p' + d[3], n: 1});
    mk.feature = {type: 'Feature', properties: d[5],
                  geometry: {type: 'Point', coordinates: [d[1], d[0]]}};
    mk.__uaRec = d[4];
    mk.bindPopup(eventPopup, {maxWidth: 380});
    layers.push(mk);
  }
  if (target !== group) {
    // the map's shared cluster group: in it while this type's layer is on the map
    var on = false;
    var show = function () { if (!on) { on = true; target.addLayers(layers); } };
    group.on('add', show);
    group.on('remove', function () { if (on) { on = false; target.removeLayers(layers); } });
    if (group._map) { show(); }
  } else { for (var j = 0; j < layers.length; j++) { target.addLayer(layers[j]); } }
  var regions = {{ this.regions_js }};
  if (regions.features.length) {
    L.geoJSON(regions, {
      pane: 'ua-regions',
      style: function () { return {color: color, weight: 2, dashArray: '6 4', fillColor: color,
                                   fillOpacity: 0.2, className: 'ua-region'}; },
      onEachFeature: function (f, l) {
        l.bindPopup(function () { return P.region(f.properties._r, recs, color); },
                    {maxWidth: 380});
      }
    }).addTo(group);
  }
  var halos = {{ this.halos_js }};
  for (var k = 0; k < halos.length; k++) {
    var h = halos[k];
    var hc = L.circle([h[0], h[1]], {radius: h[2], pane: 'ua-regions', color: color,
                                     weight: 1.5, dashArray: '2 4', fillColor: color,
                                     fillOpacity: 0.15, className: 'ua-halo'});
    hc.feature = {type: 'Feature', properties: h[4],
                  geometry: {type: 'Point', coordinates: [h[1], h[0]]}};
    hc.__uaRec = h[3];
    hc.bindPopup(eventPopup, {maxWidth: 380});
    hc.addTo(group);
  }
})();
""",
            color=color, target=target, records_js=js_json(records),
            points_js=js_json(points), cells_js=js_json(cells), regions_js=js_json(regions),
            halos_js=js_json(halos),
            meta_js=js_json({"t": etype, "h": type_html, "g": size_text, "m": limit_text}),
        )
        self.points, self.regions, self.halos, self.records = points, regions, halos, records
        self.cells, self.etype, self.type_html = cells, etype, type_html
        self.size_text, self.limit_text = size_text, limit_text


def cluster_icon_js() -> str:
    """``iconCreateFunction`` of the map's cluster group: a ring cut in arcs, one per event
    type inside (its colour, its share of the events), the summed event count in the middle.

    The icon's ``div`` says what it holds for scripts and tests: ``data-types``
    (``type:count`` pairs, most first) and ``data-n`` (the events).
    """
    return (
        "function (cluster) {"
        " var ms = cluster.getAllChildMarkers(), by = {}, col = {}, n = 0;"
        " for (var i = 0; i < ms.length; i++) {"
        "  var o = ms[i].options, w = o.n || 1, f = ms[i].feature;"
        "  var t = (f && f.properties && f.properties.event_type) || '?';"
        "  by[t] = (by[t] || 0) + w; col[t] = o.fillColor; n += w; }"
        " var ts = Object.keys(by).sort(function (a, b) { return by[b] - by[a]; });"
        " var s = n < 10 ? 30 : (n < 100 ? 36 : (n < 1000 ? 42 : 48)), c = s / 2, r = c - 4;"
        " var C = 2 * Math.PI * r, off = 0, arcs = '', mix = [];"
        " for (var j = 0; j < ts.length; j++) {"
        "  var len = C * by[ts[j]] / n; mix.push(ts[j] + ':' + by[ts[j]]);"
        "  arcs += '<circle cx=\"' + c + '\" cy=\"' + c + '\" r=\"' + r + '\" fill=\"none\"'"
        "   + ' stroke=\"' + col[ts[j]] + '\" stroke-width=\"7\" stroke-dasharray=\"'"
        "   + (ts.length > 1 ? len + ' ' + (C - len) : '') + '\" stroke-dashoffset=\"' + (-off)"
        "   + '\"></circle>'; off += len; }"
        " var txt = n < 10000 ? String(n) : Math.round(n / 1000) + 'k';"
        " var svg = '<svg width=\"' + s + '\" height=\"' + s + '\" viewBox=\"0 0 ' + s + ' ' + s"
        "  + '\"><circle cx=\"' + c + '\" cy=\"' + c + '\" r=\"' + (r - 3) + '\" fill=\"#fff\"'"
        "  + ' fill-opacity=\".92\"></circle><g transform=\"rotate(-90 ' + c + ' ' + c + ')\">'"
        "  + arcs + '</g><text x=\"50%\" y=\"50%\" dy=\".35em\" text-anchor=\"middle\">'"
        "  + txt + '</text></svg>';"
        " var div = '<div class=\"ua-ring\" data-n=\"' + n + '\" data-types=\"'"
        "  + mix.join(';').replace(/[&\"<>]/g, '') + '\">' + svg + '</div>';"
        " return L.divIcon({html: div, className: 'ua-cluster', iconSize: L.point(s, s)}); }"
    )


class ChoroplethLayer(_Script):
    """Admin-1 regions filled by value, tooltips with counts, in pane ``ua-choropleth``."""

    def __init__(self, features: dict[str, Any]) -> None:
        super().__init__(
            "UnrestAtlasChoropleth",
            """
(function(){
  var group = {{ this._parent.get_name() }};
  L.geoJSON({{ this.features_js }}, {
    pane: 'ua-choropleth',
    style: function (f) { return {color: '#7a5c3a', weight: 0.8, fillColor: f.properties._fill,
                                  fillOpacity: 0.45, className: 'ua-choropleth'}; },
    onEachFeature: function (f, l) { l.bindTooltip(f.properties._tip, {sticky: true}); }
  }).addTo(group);
})();
""",
            features_js=js_json(features),
        )


class VectorBasemap(_Script):
    """Country and admin-1 outlines with labels, in the lower panes ``ua-basemap``/``ua-labels``."""

    def __init__(self, countries: dict[str, Any], admin1: dict[str, Any],
                 labels: list[list[Any]]) -> None:
        super().__init__(
            "UnrestAtlasVectorBasemap",
            """
(function(){
  var map = {{ this._parent.get_name() }};
  map.getContainer().classList.add('ua-vector');
  var r = L.canvas({pane: 'ua-basemap', padding: 0.3});
  L.geoJSON({{ this.countries_js }}, {pane: 'ua-basemap', interactive: false, renderer: r,
    style: {color: '#9b968c', weight: 0.9, fillColor: '#f3f0e8', fillOpacity: 1}}).addTo(map);
  L.geoJSON({{ this.admin1_js }}, {pane: 'ua-basemap', interactive: false, renderer: r,
    style: {color: '#b9b2a5', weight: 0.7, dashArray: '3 3', fill: false}}).addTo(map);
  var labels = {{ this.labels_js }};
  for (var i = 0; i < labels.length; i++) {
    var l = labels[i];
    L.marker([l[0], l[1]], {pane: 'ua-labels', interactive: false, keyboard: false,
      icon: L.divIcon({className: 'ua-label ua-label-' + l[3], html: '<span>' + l[2] + '</span>',
                       iconSize: null})}).addTo(map);
  }
  function zoomClass() {
    var z = map.getZoom(), c = map.getContainer();
    c.classList.toggle('ua-z-country', z >= 3);
    c.classList.toggle('ua-z-admin1', z >= 5);
  }
  map.on('zoomend', zoomClass);
  zoomClass();
})();
""",
            countries_js=js_json(countries), admin1_js=js_json(admin1), labels_js=js_json(labels),
        )


class Legend(_Script):
    """An HTML legend as a Leaflet control (bottom right)."""

    def __init__(self, html: str) -> None:
        super().__init__(
            "UnrestAtlasLegend",
            """
(function(){
  var legend = L.control({position: 'bottomright'});
  legend.onAdd = function () {
    var div = L.DomUtil.create('div', 'ua-legend');
    div.innerHTML = {{ this.html_js }};
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  legend.addTo({{ this._parent.get_name() }});
})();
""",
            html_js=js_json(html),
        )


class Behaviour(_Script):
    """Events at one place spread in a ring (a few pixels apart at every zoom), so none hides
    another: each point marker sharing its position with others is drawn at an offset around
    it (a ring long enough for the markers side by side), and ``window.uaStacks`` says how
    many places hold more than one event. ``window.uaSpots`` lists where markers are
    (``[lat, lon, pixels covered around it]``) and is handed to ``window.uaAvoidSpots`` (set
    by the vector basemap: the place labels there move beside the markers). The region shading fades from zoom 6 (a region
    filling the view would wash it out)."""

    def __init__(self) -> None:
        super().__init__(
            "UnrestAtlasBehaviour",
            """
(function(){
  var map = {{ this._parent.get_name() }};
  var P = L.CircleMarker.prototype;
  if (!P.__uaSpread) {
    P.__uaSpread = true;
    var project = P._project;
    P._project = function () {
      project.call(this);
      if (this.__uaOff) { this._point = this._point.add(this.__uaOff); this._updateBounds(); }
    };
  }
  function spread() {
    var groups = {};
    map.eachLayer(function (l) {
      var c = l.options && l.options.className;
      if (!(l instanceof L.CircleMarker) || !c || c.indexOf('ua-point') < 0) { return; }
      if (l.__parent) { return; }  // clustered: the cluster spreads it (spiderfy)
      var ll = l.getLatLng(), k = ll.lat.toFixed(5) + ',' + ll.lng.toFixed(5);
      (groups[k] = groups[k] || []).push(l);
    });
    var stacks = 0, spots = [];
    Object.keys(groups).forEach(function (k) {
      var g = groups[k], ll = g[0].getLatLng();
      var big = g.reduce(function (m, l) { return Math.max(m, l.options.radius || 6); }, 0);
      if (g.length < 2) { spots.push([ll.lat, ll.lng, big]); return; }
      stacks += 1;
      // a ring long enough for every marker side by side (each its own size, 2 px apart)
      var arc = g.reduce(function (s, l) { return s + 2 * (l.options.radius || 6) + 2; }, 0);
      var r = Math.max(9, arc / (2 * Math.PI)), at = 0;
      g.forEach(function (l) {
        var d = 2 * (l.options.radius || 6) + 2;
        var a = 2 * Math.PI * (at + d / 2) / arc - Math.PI / 2;
        at += d;
        l.__uaOff = L.point(r * Math.cos(a), r * Math.sin(a));
        if (l._map) { l._project(); l._update(); }
      });
      spots.push([ll.lat, ll.lng, r + big]);
    });
    window.uaStacks = stacks;
    // where markers cover the map (lat, lon, pixels): the basemap moves its labels off them
    window.uaSpots = spots;
    if (window.uaAvoidSpots) { window.uaAvoidSpots(spots); }
  }
  // region shading fades as the map zooms in: a region filling the view washes it out
  function fade() {
    var pane = map.getPane('ua-choropleth'), z = map.getZoom();
    if (pane) { pane.style.opacity = z >= 10 ? 0.12 : (z >= 8 ? 0.25 : (z >= 6 ? 0.5 : 1)); }
  }
  map.on('zoomend', fade);
  map.whenReady(function () { setTimeout(spread, 0); fade(); });
})();
""",
        )


class HeatLayer(HeatMap, RawRender):
    """folium's ``HeatMap`` (same Leaflet.heat plugin and options) for points that are
    already clean ``[lat, lon, weight]`` lists: no per-point validation, the JSON made once
    (``HeatMap`` checks and serialises each of 20,000 points on every map)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.heatLayer(
                {{ this.data_js }},
                {{ this.options|tojavascript }}
            );
        {% endmacro %}
        """
    )

    def __init__(self, data: list[list[float]], **kwargs: Any) -> None:
        super().__init__([[0.0, 0.0, 0.0]], **kwargs)  # type: ignore[no-untyped-call]
        self.data = data
        self.data_js = js_json(data)
