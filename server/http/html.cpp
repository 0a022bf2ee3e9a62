// html.cpp: escaping, URL encoding, the page frame and the embedded assets (see html.h).
#include "html.h"

namespace kb {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string render_page(const Page& page) {
  std::string h;
  h.reserve(page.body.size() + 4096);
  h += "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += "<meta name=\"color-scheme\" content=\"light dark\">\n";
  h += "<title>" + html_escape(page.title) + " · Access Denied KB</title>\n";
  if (!page.description.empty()) h += "<meta name=\"description\" content=\"" + html_escape(page.description) + "\">\n";
  h += "<link rel=\"icon\" href=\"/static/icon.svg\" type=\"image/svg+xml\">\n";
  h += "<link rel=\"stylesheet\" href=\"/static/app.css\">\n";
  h += "<script src=\"/static/app.js\" defer></script>\n</head>\n<body>\n";
  h += "<a class=\"skip\" href=\"#main\">Skip to content</a>\n";
  h += "<header class=\"site\"><div class=\"wrap\">";
  h += "<a class=\"brand\" href=\"/\"><img src=\"/static/icon.svg\" alt=\"\" width=\"20\" height=\"20\"> Access Denied KB</a>";
  if (!page.home) {
    h += "<form class=\"top-search\" role=\"search\" action=\"/search\" method=\"get\">";
    h += "<label for=\"top-q\" class=\"visually-hidden\">Search</label>";
    h += "<input id=\"top-q\" name=\"q\" type=\"search\" value=\"" + html_escape(page.query) +
         "\" placeholder=\"Paste an error, a log line or a code\" autocomplete=\"off\">";
    h += "<button type=\"submit\">Search</button></form>";
  }
  h += "<nav aria-label=\"Browse\"><a href=\"/codes\">Codes</a> <a href=\"/categories\">Categories</a> <a href=\"/logs\">Logs</a></nav>";
  h += "</div></header>\n<main id=\"main\" class=\"wrap\">\n";
  h += page.body;
  h += "\n</main>\n<footer class=\"site\"><div class=\"wrap\">Offline knowledge base: why Windows and IIS say "
       "“Access Denied”, and what fixes it.</div></footer>\n</body>\n</html>\n";
  return h;
}

std::string_view stylesheet() {
  return R"CSS(:root{--bg:#fff;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--card:#f6f8fa;--accent:#0a58ca;--mark:#fff3b0;--badge:#eef2ff;--badge-fg:#1e3a8a;--hit:#e6f4ea;--hit-fg:#14532d}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9da7b3;--line:#30363d;--card:#161b22;--accent:#6cb6ff;--mark:#5a4a00;--badge:#1c2b4a;--badge-fg:#c7d7ff;--hit:#12361f;--hit-fg:#a7f3c0}}
*{box-sizing:border-box}html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
a{color:var(--accent)}a:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.wrap{max-width:60rem;margin:0 auto;padding:0 1rem}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:.5rem;background:var(--bg);padding:.5rem;z-index:9}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
header.site{border-bottom:1px solid var(--line);background:var(--card)}
header.site .wrap{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;padding-top:.6rem;padding-bottom:.6rem}
.brand{font-weight:700;text-decoration:none;color:var(--fg);white-space:nowrap;display:inline-flex;align-items:center;gap:.4rem}
header nav{margin-left:auto;display:flex;gap:1rem}
.top-search{display:flex;flex:1 1 18rem;gap:.4rem}
input[type=search],textarea{width:100%;font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:.45rem .6rem}
textarea{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9rem;min-height:9rem;resize:vertical}
button{font:inherit;border:1px solid var(--accent);background:var(--accent);color:#fff;border-radius:6px;padding:.45rem .9rem;cursor:pointer}
@media (prefers-color-scheme:dark){button{color:#0d1117}}
main{padding-top:1.25rem;padding-bottom:2rem}
footer.site{border-top:1px solid var(--line);color:var(--muted);font-size:.875rem;padding:1rem 0}
h1{font-size:1.6rem;line-height:1.25;margin:.2rem 0 .6rem}h2{font-size:1.25rem;margin-top:1.8rem}
.muted,.summary{color:var(--muted)}
.hint{color:var(--muted);font-size:.9rem}
.badge{display:inline-block;font-size:.8rem;padding:.05rem .45rem;border-radius:999px;background:var(--badge);color:var(--badge-fg);text-decoration:none;margin:0 .25rem .25rem 0;font-family:ui-monospace,Menlo,Consolas,monospace}
.badge.hit{background:var(--hit);color:var(--hit-fg);font-weight:600}
.cat{font-size:.85rem;color:var(--muted)}
.results{list-style:none;padding:0;margin:0}
.results li{padding:.9rem 0;border-bottom:1px solid var(--line)}
.results h2{font-size:1.1rem;margin:0 0 .2rem}
.snippet{margin:.3rem 0;font-size:.95rem}
mark{background:var(--mark);color:inherit;padding:0 .1em}
.why{font-size:.85rem;color:var(--muted)}
.detected{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.6rem .8rem;margin-bottom:1rem}
.layout{display:grid;grid-template-columns:1fr;gap:1.5rem}
@media (min-width:52rem){.layout{grid-template-columns:13rem 1fr}}
.facets h2{font-size:.95rem;margin:.2rem 0 .4rem}.facets ul{list-style:none;padding:0;margin:0 0 1rem}.facets li{margin:.15rem 0}
.facets a[aria-current]{font-weight:700}
.breadcrumb{font-size:.9rem;color:var(--muted)}.breadcrumb a{color:var(--muted)}
article pre{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:.7rem;overflow:auto;position:relative}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
:not(pre)>code{background:var(--card);padding:.05rem .3rem;border-radius:4px}
table{border-collapse:collapse;width:100%;display:block;overflow-x:auto}th,td{border:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
.copy{position:absolute;top:.3rem;right:.3rem;font-size:.75rem;padding:.1rem .45rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:.75rem;padding:0;list-style:none}
.grid li{border:1px solid var(--line);border-radius:8px;padding:.7rem .8rem;background:var(--card)}
.examples{padding-left:1.1rem}.examples code{white-space:pre-wrap}
.paste{display:grid;gap:.5rem}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .8rem;margin:.5rem 0 1rem}dl.meta dt{color:var(--muted)}dl.meta dd{margin:0}
.code-table td:first-child{white-space:nowrap}
:root{--s0:#0072b2;--s1:#e69f00;--s2:#009e73;--s3:#cc79a7;--s4:#56b4e9;--s5:#d55e00;--s6:#8c6d00;--s7:#6a3d9a;--s8:#8c959f}
@media (prefers-color-scheme:dark){:root{--s0:#4ea8ff;--s1:#f5b83d;--s2:#3ccf9c;--s3:#e79bd0;--s4:#8fd0f5;--s5:#ff8a4c;--s6:#e3d04a;--s7:#b79cf0;--s8:#6e7681}}
.s0{fill:var(--s0)}.s1{fill:var(--s1)}.s2{fill:var(--s2)}.s3{fill:var(--s3)}.s4{fill:var(--s4)}.s5{fill:var(--s5)}.s6{fill:var(--s6)}.s7{fill:var(--s7)}.s8{fill:var(--s8)}
svg .axis{stroke:var(--line);stroke-width:1}svg .label{fill:var(--muted);font-size:11px;font-family:inherit}
figure.timeline{margin:0}svg.chart{width:100%;height:auto;max-width:45rem;display:block}
.legend{list-style:none;padding:0;margin:.3rem 0 0;display:flex;flex-wrap:wrap;gap:.3rem 1rem;font-size:.85rem}.legend svg{vertical-align:-1px}
.log-groups{list-style:none;padding:0;margin:0;counter-reset:group}
.log-groups>li{border-bottom:1px solid var(--line);padding:.9rem 0;counter-increment:group}
.group-head{display:flex;flex-wrap:wrap;align-items:center;gap:.3rem 1rem}
.group-head::before{content:counter(group) ".";color:var(--muted);font-weight:600}
.group-codes{font-weight:600}.group-count{font-weight:700;font-variant-numeric:tabular-nums}.when{color:var(--muted);font-size:.85rem}
.group-answer{margin:.4rem 0}.group-answer .article{font-weight:600}.group-answer p{margin:.2rem 0;font-size:.95rem}
.group-tops{display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:.2rem 1rem;margin:.3rem 0}
.group-tops h3{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);margin:.2rem 0}
ul.counts{list-style:none;padding:0;margin:0;font-size:.85rem}ul.counts li{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
code.example{display:block;white-space:pre-wrap;word-break:break-all;font-size:.8rem;background:var(--card);padding:.4rem;border-radius:4px}
svg.spark{vertical-align:middle}
input[type=file]{font:inherit;color:var(--fg)}
@media print{header.site,footer.site,.copy,.top-search,.facets{display:none}a{color:inherit;text-decoration:none}body{font-size:11pt}}
)CSS";
}

std::string_view icon() {
  return R"SVG(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="15" fill="#c62828"/><rect x="7" y="13" width="18" height="6" rx="1" fill="#fff"/></svg>)SVG";
}

std::string_view script() {
  return R"JS((function(){
  function onReady(f){if(document.readyState!=='loading')f();else document.addEventListener('DOMContentLoaded',f);}
  onReady(function(){
    var box=document.getElementById('q')||document.getElementById('top-q');
    document.addEventListener('keydown',function(e){
      var t=e.target&&e.target.tagName;
      if(e.key==='/'&&t!=='INPUT'&&t!=='TEXTAREA'&&box){e.preventDefault();box.focus();}
    });
    var area=document.getElementById('q');
    if(area&&area.tagName==='TEXTAREA'){
      area.addEventListener('keydown',function(e){
        if(e.key==='Enter'&&(e.ctrlKey||e.metaKey)){e.preventDefault();area.form.requestSubmit?area.form.requestSubmit():area.form.submit();}
      });
      area.form.addEventListener('submit',function(){
        if(area.value.length>6000){area.form.method='post';}
      });
    }
    document.querySelectorAll('article pre').forEach(function(pre){
      if(!navigator.clipboard)return;
      var b=document.createElement('button');b.type='button';b.className='copy';b.textContent='Copy';
      b.addEventListener('click',function(){
        var code=pre.querySelector('code');
        navigator.clipboard.writeText((code||pre).innerText).then(function(){b.textContent='Copied';setTimeout(function(){b.textContent='Copy';},1500);});
      });
      pre.appendChild(b);
    });
  });
})();
)JS";
}

}  // namespace kb
