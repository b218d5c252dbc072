"""Quote, signature and forward handling of `intake.quotes` on hand-written bodies."""

from __future__ import annotations

import pytest

from intake.quotes import (
    find_inline_forward,
    html_to_text,
    split_html,
    strip_quoted_html,
    strip_quoted_text,
    strip_signature,
)

# --- plain text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Thanks!\n\nOn Mon, Mar 4, 2024 at 10:15 AM Bob <bob@example.com> wrote:\n> hi\n",
            "Thanks!",
            id="gmail",
        ),
        pytest.param(
            "Thanks!\n\nOn Mon, Mar 4, 2024 at 10:15 AM Goodwill Support <support@example.com>\n"
            "wrote:\n\n> hi\n",
            "Thanks!",
            id="gmail-wrapped",
        ),
        pytest.param(
            "Thanks!\n\nOn Monday, March 4, 2024,\nBob Builder <bob@example.com>\nwrote:\n> hi",
            "Thanks!",
            id="wrapped-three-lines",
        ),
        pytest.param(
            "Thanks!\n\n> On 4 Mar 2024, at 10:15, Bob <bob@example.com> wrote:\n> \n> hi\n",
            "Thanks!",
            id="apple-quoted-attribution",
        ),
        pytest.param(
            "Danke\n\nAm 04.03.24 um 10:15 schrieb Support:\n> hallo\n", "Danke", id="german"
        ),
        pytest.param(
            "Danke\n\nAm Mo., 4. März 2024 um 10:15 Uhr schrieb Support <\ns@example.com>:\n\n> x",
            "Danke",
            id="german-gmail-wrapped",
        ),
        pytest.param(
            "Merci\n\nLe lun. 4 mars 2024 à 10:15, Support <s@example.com> a écrit :\n> x",
            "Merci",
            id="french",
        ),
        pytest.param(
            "Gracias\n\nEl lun, 4 mar 2024 a las 10:15, Soporte (<s@example.com>) escribió:\n> x",
            "Gracias",
            id="spanish",
        ),
        pytest.param(
            "Dank\n\nOp ma 4 mrt 2024 om 10:15 schreef Support <s@example.com>:\n> x",
            "Dank",
            id="dutch",
        ),
        pytest.param(
            "Grazie\n\nIl giorno lun 4 mar 2024 alle ore 10:15 Support <s@example.com> ha "
            "scritto:\n> x",
            "Grazie",
            id="italian",
        ),
        pytest.param(
            "Ok\n\n-----Original Message-----\nFrom: Support\nSent: Monday\nTo: Bob\n\nold",
            "Ok",
            id="outlook-original-message",
        ),
        pytest.param(
            "Ok\n\n-----Ursprüngliche Nachricht-----\nVon: Support\nold", "Ok", id="outlook-de"
        ),
        pytest.param(
            "Ok\n\nFrom: Support <s@example.com>\nSent: Monday, March 4, 2024 10:15 AM\n"
            "To: Bob <bob@example.com>\nSubject: RE: test\n\nold",
            "Ok",
            id="outlook-header-block",
        ),
        pytest.param(
            "Ok\n\n*From:* Support <s@example.com>\n*Sent:* Monday\n*To:* Bob\n*Subject:* x\n\nold",
            "Ok",
            id="outlook-header-block-bold-markers",
        ),
        pytest.param(
            "Danke\n\nVon: Support <s@example.com>\nGesendet: Montag, 4. März 2024 10:15\n"
            "An: Max <m@example.de>\nBetreff: Test\n\nalt",
            "Danke",
            id="outlook-header-block-de",
        ),
        pytest.param(
            "Merci\n\nDe : Support <s@example.com>\nEnvoyé : lundi 4 mars 2024 10:15\n"
            "À : Max <m@example.fr>\nObjet : Test\n\nvieux",
            "Merci",
            id="outlook-header-block-fr",
        ),
        pytest.param(
            "Hi\n\n________________________________\nFrom: A <a@example.com>\nSent: Monday\n"
            "To: B\nSubject: x\n\nold",
            "Hi",
            id="outlook-underscores",
        ),
        pytest.param(
            "Hi\n\n------------------ Original ------------------\nFrom: x\nold",
            "Hi",
            id="foxmail",
        ),
        pytest.param(
            "FYI\n\n---------- Forwarded message ---------\nFrom: A <a@example.com>\n\nbody",
            "FYI",
            id="gmail-forward",
        ),
        pytest.param("Hello\n\n-- \nJane\nACME Inc.", "Hello", id="signature-delimiter"),
        pytest.param("Hello\n\n--\nJane", "Hello", id="signature-bare-dashes"),
        pytest.param("Thanks\n\nSent from my iPhone", "Thanks", id="iphone"),
        pytest.param("Thanks\n\nSent from my Samsung Galaxy smartphone.", "Thanks", id="galaxy"),
        pytest.param("Thanks\n\nGet Outlook for iOS", "Thanks", id="outlook-ios"),
        pytest.param("Danke\n\nVon meinem iPhone gesendet", "Danke", id="iphone-de"),
        pytest.param("Merci\n\nEnvoyé de mon iPad", "Merci", id="ipad-fr"),
        pytest.param(
            "On Mon, Mar 4, 2024 at 10:15 AM Bob <bob@example.com> wrote:\n> question?\n\n"
            "My answer.",
            "My answer.",
            id="bottom-posting",
        ),
        pytest.param("> question?\n\nMy answer.", "My answer.", id="bottom-posting-no-header"),
    ],
)
def test_strip_quoted_text(text: str, expected: str) -> None:
    assert strip_quoted_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "> q1\na1\n> q2\na2",  # inline answers keep their context
        "On Monday I wrote: the report is late.\nPlease check.",
        "Hello\n\nOn 3 occasions I wrote:\n1. first\n2. second",
        "From: the shop we got a parcel.\nTo: nobody in particular.\nThanks",
        "Hi\n\n______________\nJane Doe, CEO",  # a separator that opens no header block
        "The price -- as agreed -- is fine.",
        "I sent from my iPhone a photo yesterday.\nDid it arrive?",
    ],
)
def test_strip_quoted_text_leaves_content_alone(text: str) -> None:
    assert strip_quoted_text(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "> only\n> quoted\n",
        "Sent from my iPhone",
        "-----Original Message-----\nFrom: x\nSent: y\nTo: z\n\nold",
    ],
)
def test_strip_quoted_text_never_returns_empty(text: str) -> None:
    assert strip_quoted_text(text) == text.strip()


def test_strip_quoted_text_normalises_newlines() -> None:
    assert strip_quoted_text("Hi\r\n\r\nOn Mon, 4 Mar 2024, Bob wrote:\r\n> x\r\n") == "Hi"
    assert strip_quoted_text("") == ""


def test_strip_signature() -> None:
    assert strip_signature("Hello\n\n-- \nJane") == "Hello"
    assert strip_signature("Hello\n> quoted") == "Hello\n> quoted"
    assert strip_signature("-- \nJane") == "--\nJane"  # nothing else: kept (lines rstripped)


# --- forwards -----------------------------------------------------------------------------


def test_find_inline_forward_gmail() -> None:
    found = find_inline_forward(
        "FYI\n\n---------- Forwarded message ---------\nFrom: *Sam* <sam@example.com>\n"
        "Date: Mon, Mar 4, 2024 at 6:02 PM\nSubject: Broken hinge\nTo: <p@example.com>,\n"
        " <q@example.com>\n\n\nHi,\nthe hinge broke.\n"
    )
    assert found is not None
    assert found.headers == {
        "from": "*Sam* <sam@example.com>",
        "date": "Mon, Mar 4, 2024 at 6:02 PM",
        "subject": "Broken hinge",
        "to": "<p@example.com>, <q@example.com>",
    }
    assert found.body == "Hi,\nthe hinge broke."


def test_find_inline_forward_dequotes_quoted_forwards() -> None:
    found = find_inline_forward(
        "Begin forwarded message:\n\n> From: Ana <ana@example.com>\n> Subject: Oi\n>\n> Olá\n"
    )
    assert found is not None
    assert found.headers["from"] == "Ana <ana@example.com>"
    assert found.body == "Olá"


def test_reply_header_blocks_are_forwards_only_when_allowed() -> None:
    text = "See below\n\n-----Original Message-----\nFrom: Peter [mailto:p@example.dk]\n"
    text += "Sent: Tuesday\nTo: Sofia\nSubject: Damaged\n\nHello"
    assert find_inline_forward(text) is None
    found = find_inline_forward(text, allow_reply_headers=True)
    assert found is not None
    assert found.headers["from"] == "Peter [mailto:p@example.dk]"
    assert found.body == "Hello"


def test_forward_marker_without_from_is_ignored() -> None:
    assert find_inline_forward("---------- Forwarded message ---------\n\njust text") is None


# --- HTML ---------------------------------------------------------------------------------


def test_gmail_quote_and_signature_removed() -> None:
    html = (
        '<div dir="ltr">New text<br clear="all"><div><br></div>'
        '<span class="gmail_signature_prefix">-- </span><br>'
        '<div class="gmail_signature" data-smartmail="gmail_signature">Jane</div></div>'
        '<br><div class="gmail_quote"><div class="gmail_attr">On Mon, Bob wrote:<br></div>'
        '<blockquote class="gmail_quote">old</blockquote></div>'
    )
    assert strip_quoted_html(html) == '<div dir="ltr">New text</div>'


def test_blockquote_cite_and_attribution_removed() -> None:
    html = (
        "<div>Yes please.</div><div>On 4 Mar 2024, at 10:15, Bob &lt;b@example.com&gt; "
        'wrote:</div><blockquote type="cite"><div>old</div></blockquote>'
    )
    assert strip_quoted_html(html) == "<div>Yes please.</div>"


def test_thunderbird_cite_prefix_removed() -> None:
    html = (
        '<p>Remove me please.</p><div class="moz-cite-prefix">On 01/03/2024, X wrote:<br></div>'
        '<blockquote type="cite" cite="mid:x@y"><p>old</p></blockquote>'
    )
    assert strip_quoted_html(html) == "<p>Remove me please.</p>"


def test_outlook_web_truncated_at_appendonsend() -> None:
    html = (
        '<div>Done, thanks.</div><div id="appendonsend"></div><hr tabindex="-1">'
        '<div id="divRplyFwdMsg"><b>From:</b> Support</div><div>old</div>'
    )
    assert strip_quoted_html(html) == "<div>Done, thanks.</div>"


def test_outlook_desktop_border_top_block() -> None:
    html = (
        '<div class="WordSection1"><p class="MsoNormal">Works now.</p><p class="MsoNormal">'
        '&nbsp;</p><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm">'
        '<p class="MsoNormal"><b>From:</b> Support<br><b>Sent:</b> Monday<br><b>To:</b> Tom<br>'
        "<b>Subject:</b> RE: x</p></div><p>old</p></div>"
    )
    assert strip_quoted_html(html) == (
        '<div class="WordSection1"><p class="MsoNormal">Works now.</p></div>'
    )


def test_outlook_original_message_text_in_html() -> None:
    html = "<p>Short answer.</p><p>-----Original Message-----<br>From: x<br>old</p>"
    assert strip_quoted_html(html) == "<p>Short answer.</p>"


def test_html_border_top_without_header_block_is_kept() -> None:
    html = '<p>Hi</p><div style="border-top:solid 1px #ccc">Opening hours: 9-5</div>'
    assert strip_quoted_html(html) == html


def test_html_only_quote_falls_back_to_everything() -> None:
    html = '<blockquote type="cite">only old text</blockquote>'
    assert strip_quoted_html(html) == html


def test_html_head_script_style_and_hidden_dropped() -> None:
    html = (
        "<html><head><title>T</title><style>p{}</style></head><body><script>x()</script>"
        '<p style="display: none">preheader</p><p>Hello &amp; bye</p></body></html>'
    )
    assert strip_quoted_html(html) == "<html><body><p>Hello &amp; bye</p></body></html>"


def test_split_html_views() -> None:
    views = split_html(
        '<p>New</p><blockquote type="cite"><p>Old</p></blockquote><p>Sent from my iPhone</p>'
    )
    assert views.text == "New\n\n> Old\n\nSent from my iPhone"
    assert views.visible_html == "<p>New</p>"
    assert views.visible_text == "New"


def test_html_to_text() -> None:
    html = (
        "<h1>Title</h1><p>One&nbsp;two\n   three</p><ul><li>a</li><li>b</li></ul>"
        "<table><tr><td>Name:</td><td>Olivia</td></tr><tr><td>Order:</td><td>1</td></tr></table>"
        '<div>line<br>break</div><img src="x.png" alt="logo"><pre>  keep\n  this</pre>'
        "<blockquote><p>quoted</p><p>twice</p></blockquote>"
    )
    assert html_to_text(html) == (
        "Title\n\nOne two three\n\n- a\n- b\n\nName: Olivia\nOrder: 1\n\nline\nbreak\n[logo]"
        "\n\nkeep\nthis\n\n> quoted\n>\n> twice"
    )


def test_html_to_text_outlook_paragraphs_are_lines() -> None:
    html = '<p class="MsoNormal">Hi,</p><p class="MsoNormal">&nbsp;</p><p class="MsoNormal">Bye</p>'
    assert html_to_text(html) == "Hi,\n\nBye"


@pytest.mark.parametrize(
    "markup",
    [
        "",
        "<",
        "</div></div><p>",
        "<div" * 500,
        "<blockquote>" * 300 + "deep",
        "<![CDATA[x]]><!-- c --><?php x ?>",
        "<a href='x' <b>broken</b>",
        "<table><td>no row<td>cells",
    ],
)
def test_html_helpers_survive_broken_markup(markup: str) -> None:
    strip_quoted_html(markup)
    html_to_text(markup)
