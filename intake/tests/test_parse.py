# ruff: noqa: RUF001 - the corpus is full of typographic quotes and dashes, on purpose
"""`intake.parse.parse_email` against the .eml corpus in intake/tests/emails/.

Every file reproduces the structure, headers and quirks of what a real client or
server sends; the human content is invented. No database is needed; without the
Django plugin the project-wide conftest (which imports models) must be skipped:
`.venv/bin/pytest -p no:django --noconftest intake/tests/test_parse.py
intake/tests/test_quotes.py intake/tests/test_parse_property.py -q`.

Corpus
======

============================================== ===========================================
File                                           Reproduces
============================================== ===========================================
apple_mail_forward_begin_forwarded.eml         Apple Mail forward: "Begin forwarded
                                               message:" header block; QP; RFC 2047 subject
apple_mail_inline_split_body.eml               Apple Mail body split in two text/plain parts
                                               around an inline (unreferenced) JPEG
apple_mail_reply.eml                           macOS Mail reply: quoted "> On ... wrote:";
                                               HTML blockquote type="cite"
attachment_pdf.eml                             Roundcube mail with a base64 PDF attachment
attachment_rfc2231_filename.eml                Thunderbird: RFC 2231 continued UTF-8 filename,
                                               RFC 2047 encoded docx name, ISO-8859-1 2231 name
auto_reply_out_of_office.eml                   Gmail vacation responder (Auto-Submitted)
auto_reply_x_autoreply.eml                     Vacation script with X-Autoreply: yes
base64_and_qp_with_errors.eml                  base64 with junk characters and no padding,
                                               quoted-printable with invalid escapes
base64_text_body.eml                           Samsung mail: base64 UTF-8 Japanese/English
                                               body, "Sent from my Galaxy"
bounce_dsn_multipart_report.eml                Postfix DSN (multipart/report, delivery-status
                                               with one failed and one delayed recipient)
bounce_exim_x_failed_recipients.eml            Exim bounce with X-Failed-Recipients, DSN and
                                               the returned message/rfc822
bounce_mailer_daemon_qmail.eml                 qmail "failure notice" from MAILER-DAEMON,
                                               plain text, no Message-ID
broken_mime_boundary.eml                       boundary parameter does not match the body
crlf_with_mbox_from_line.eml                   CRLF line endings and an mbox "From " line
empty_return_path.eml                          notification sent with Return-Path: <>
exe_disguised_as_pdf.eml                       Windows executable declared as application/pdf,
                                               and an "Invoice.pdf.exe"
forward_as_attachment_rfc822.eml               Thunderbird forward as message/rfc822
french_reply_le_a_ecrit.eml                    Gmail French: "Le ... a\\nécrit :" wrapped
german_reply_am_schrieb.eml                    Thunderbird German "Am ... schrieb ...:",
                                               "-- " signature, RFC 2047 Q subject
gmail_forward_inline.eml                       Gmail "---------- Forwarded message ---------"
                                               (text and gmail_quote HTML)
gmail_reply_on_wrote.eml                       Gmail reply: attribution wrapped over two
                                               lines, "-- " signature, gmail_quote HTML
headers_only_no_body.eml                       header section only, no body at all
html_only_message.eml                          website contact form: text/html only, script,
                                               head/title/style, display:none preheader
inline_image_cid.eml                           Outlook multipart/related with a cid: image
invalid_headers_garbage.eml                    misconfigured script: broken quoting, empty
                                               addresses, duplicate Subject, bad Date, bogus
                                               charset and transfer encoding
iphone_reply_sent_from_my_iphone.eml           iOS Mail: "Sent from my iPhone", BOM in quote
missing_date.eml                               PHP mail() without Date
missing_message_id.eml                         scanner mail without Message-ID
multiple_recipients_with_cc.eml                To/Cc lists, quoted names with commas, a
                                               comment, RFC 2047 Cc name, Reply-To
nested_multipart_mixed_alternative_related.eml Gmail mixed > alternative > related (inline
                                               JPEG) + PDF attachment
newsletter_list_id.eml                         Mailchimp-style newsletter with List-Id
newsletter_reply_gmail_alice.eml               a customer's Gmail reply to our newsletter
newsletter_reply_outlook_bob.eml               Outlook.com reply to our newsletter ("____")
newsletter_reply_thunderbird_chen.eml          Thunderbird reply to our newsletter
                                               (moz-cite-prefix, blockquote cite)
outlook_automatic_reply_suppress.eml           Exchange "Automatic reply:" with
                                               X-Auto-Response-Suppress: All
outlook_forward_original_message.eml           Outlook "FW:" with "-----Original Message-----"
outlook_original_message_separator.eml         Outlook 2010 plain-text reply with
                                               "-----Original Message-----" and [mailto:]
outlook_reply_with_header_block.eml            Outlook 365 desktop reply: QP text with
                                               "From:/Sent:/To:/Subject:" block, Word HTML
                                               with the border-top header div
outlook_web_reply_divrplyfwdmsg.eml            Outlook on the web: "____" + header block,
                                               #appendonsend / #divRplyFwdMsg, #Signature
precedence_bulk_notification.eml               status page mail with Precedence: bulk and
                                               "undisclosed-recipients:;"
quoted_printable_soft_breaks.eml               QP with soft breaks inside words, =3D, =20
raw_8bit_header.eml                            raw UTF-8 (and Latin-1) bytes in headers, body
                                               without charset
read_receipt_mdn.eml                           Outlook read receipt (disposition-notification)
reply_references_only.eml                      Foxmail reply with References only and a
                                               "------------------ Original ------------------"
reply_references_only_folded_multiple.eml      Gnus: References folded, unspaced, duplicated
rfc2047_broken_encoded_word.eml                unpadded B word, unknown charset, unterminated
                                               Q word; encoded word inside a quoted name
rfc2047_subject_and_from_name.eml              UTF-8 B + Q words split over folded lines,
                                               ISO-8859-1 and UTF-8 names
thunderbird_reply_format_flowed.eml            format=flowed soft line breaks
unknown_8bit_charset_cp1252_bytes.eml          charset=unknown-8bit, windows-1252 bytes
unknown_charset_x_unknown.eml                  charset="x-unknown", UTF-8 bytes
unknown_sender_quoting_other_ticket.eml        stranger replying to "[#1042]" with
                                               References to that ticket's message id
very_long_subject.eml                          ~500-character subject folded over 8 lines
windows1252_smart_quotes.eml                   windows-1252 QP smart quotes, euro, ellipsis
wrong_charset_latin1_declared_utf8_bytes.eml   declared iso-8859-1, bytes are UTF-8
============================================== ===========================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from intake.parse import (
    Address,
    Attachment,
    AttachmentPolicy,
    EmailParseError,
    ParsedEmail,
    check_attachment,
    check_attachments,
    decode_header_text,
    decode_text,
    detect_content_type,
    parse_email,
)

EMAILS = Path(__file__).parent / "emails"


def load(name: str) -> ParsedEmail:
    return parse_email((EMAILS / name).read_bytes())


@dataclass(frozen=True)
class Expected:
    """What a corpus file must parse into (fields left at None are not checked)."""

    subject: str
    from_address: str | None
    visible_starts: str
    visible_lacks: tuple[str, ...] = ()
    auto_reply: bool = False
    bounce: bool = False
    auto_reason: str | None = None
    attachments: tuple[str, ...] = ()
    in_reply_to: str | None = None
    forwarded_from: str | None = None
    from_html: bool = False
    warnings: tuple[str, ...] = field(default_factory=tuple)


CASES: dict[str, Expected] = {
    "apple_mail_forward_begin_forwarded.eml": Expected(
        subject="Fwd: Cobrança duplicada",
        from_address="lena@goodwill.example",
        visible_starts="Please see below - this customer was charged twice.\n\nLena",
        visible_lacks=("Begin forwarded", "Olá Lena"),
        forwarded_from="ana.souza@example.com.br",
    ),
    "apple_mail_inline_split_body.eml": Expected(
        subject="Scratch on the worktop",
        from_address="hannah.berg@icloud.example",
        visible_starts="Hi,\n\nhere is the scratch on the new worktop:\n\nIt runs about 20 cm",
        attachments=("IMG_4821.jpeg",),
    ),
    "apple_mail_reply.eml": Expected(
        subject="Re: [#1045] Lid does not close",
        from_address="lena.vogel@icloud.example",
        visible_starts="Hello,\n\nthe replacement arrived today, thank you. Unfortunately the lid "
        "doesn’t close",
        visible_lacks=("wrote:", "replacement lid is on its way"),
        in_reply_to="reply-1045-1.1709543700@goodwill.example",
    ),
    "attachment_pdf.eml": Expected(
        subject="Invoice 2024-0117 - wrong VAT number",
        from_address="accounts@brightside-hotel.example",
        visible_starts="Hello,\n\nthe attached invoice shows our old VAT number",
        attachments=("invoice-2024-0117.pdf",),
    ),
    "attachment_rfc2231_filename.eml": Expected(
        subject="Rechnung und Lieferschein",
        from_address="s.koenig@example.at",
        visible_starts="Guten Tag,\n\nanbei Rechnung und Lieferschein zur Reklamation.",
        attachments=(
            "Rechnung März 2024 – Bestellnummer 5531.pdf",
            "Lieferschein_Größe.docx",
            "Notiz für Fahrer.txt",
        ),
    ),
    "auto_reply_out_of_office.eml": Expected(
        subject="Out of office: Re: [#1039] Replacement kettle",
        from_address="jane.doe@gmail.example",
        visible_starts="I'm away until March 18th",
        auto_reply=True,
        auto_reason="Auto-Submitted: auto-replied",
        in_reply_to="reply-1039-2.1709628000@goodwill.example",
    ),
    "auto_reply_x_autoreply.eml": Expected(
        subject="Thank you for your message",
        from_address="info@lakeside-bakery.example",
        visible_starts="Thank you for contacting Lakeside Bakery.",
        auto_reply=True,
        auto_reason="X-Autoreply: yes",
        in_reply_to="reply-1055-1.1709704500@goodwill.example",
    ),
    "base64_and_qp_with_errors.eml": Expected(
        subject="Box arrived open",
        from_address="mei.lin@example.tw",
        visible_starts="Hi, the parcel arrived but the box was open and the manual is missing.",
        warnings=("invalid base64 data in a body part; decoded what could be decoded",),
    ),
    "base64_text_body.eml": Expected(
        subject="保証書が入っていません / Warranty card missing",
        from_address="yuki.tanaka@mobile.example",
        visible_starts="こんにちは、\n\n先週注文したブレンダーの保証書",
        visible_lacks=("Sent from my Galaxy",),
    ),
    "bounce_dsn_multipart_report.eml": Expected(
        subject="Undelivered Mail Returned to Sender",
        from_address="mailer-daemon@mx1.goodwill.example",
        visible_starts="This is the mail system at host mx1.goodwill.example.",
        auto_reply=True,
        bounce=True,
        auto_reason="bounce: multipart/report delivery status notification",
        attachments=("attachment-1.txt",),
    ),
    "bounce_exim_x_failed_recipients.eml": Expected(
        subject="Mail delivery failed: returning message to sender",
        from_address="mailer-daemon@smtp.hostingco.example",
        visible_starts="This message was created automatically by mail delivery software.",
        auto_reply=True,
        bounce=True,
        auto_reason="bounce: multipart/report delivery status notification",
        attachments=("Re [#1052] Bulk order quote.eml",),
    ),
    "bounce_mailer_daemon_qmail.eml": Expected(
        subject="failure notice",
        from_address="mailer-daemon@mail.oldhost.example",
        visible_starts="Hi. This is the qmail-send program at mail.oldhost.example.",
        visible_lacks=("Below this line", "here is your return label"),
        auto_reply=True,
        bounce=True,
        auto_reason="bounce: sent by MAILER-DAEMON",
        warnings=("missing Message-ID header; generated one from the message hash",),
    ),
    "broken_mime_boundary.eml": Expected(
        subject="Warranty question (sent from our ticket bridge)",
        from_address="t.haddad@example.lb",
        visible_starts="Hello, does the 5-year warranty also cover the motor",
        visible_lacks=("BOUNDARY", "Content-Type"),
        warnings=("multipart/alternative boundary did not match the body; recovered the parts",),
    ),
    "crlf_with_mbox_from_line.eml": Expected(
        subject="Change delivery address",
        from_address="daniel.kim@example.kr",
        visible_starts="Hello,\n\nplease deliver order 5675 to my office instead:\nDaniel Kim",
        visible_lacks=("\r",),
    ),
    "empty_return_path.eml": Expected(
        subject="Reminder: installation appointment tomorrow at 09:00",
        from_address="calendar@booking-tool.example",
        visible_starts="Reminder: the installation appointment for order 5622",
        auto_reply=True,
        auto_reason="Return-Path: <> (null sender)",
    ),
    "exe_disguised_as_pdf.eml": Expected(
        subject="Overdue invoice 88213 - immediate payment required",
        from_address="billing@invoices-secure.example",
        visible_starts="Dear customer,",
        attachments=("Invoice_88213.pdf", "Invoice_88213.pdf.exe"),
    ),
    "forward_as_attachment_rfc822.eml": Expected(
        subject="Fwd: Order 5602 never arrived",
        from_address="diego@goodwill.example",
        visible_starts="This landed in my personal inbox, please handle it as a new ticket.",
        attachments=("Order 5602 never arrived.eml",),
        forwarded_from="kim.nguyen@example.net",
    ),
    "french_reply_le_a_ecrit.eml": Expected(
        subject="Re: [#1044] Problème de facturation",
        from_address="camille.durand@gmail.example",
        visible_starts="Bonjour,\n\nJe viens de vérifier : la facture FA-2024-118",
        visible_lacks=("écrit", "Pourriez-vous"),
        in_reply_to="reply-1044-1.1709543700@goodwill.example",
    ),
    "german_reply_am_schrieb.eml": Expected(
        subject="AW: [#1043] Rücksendung Sofa „Berlin“",
        from_address="max@mustermann-moebel.example",
        visible_starts="Hallo Frau Nguyen,\n\nvielen Dank, die Rücksendung ist heute",
        visible_lacks=("schrieb", "Rücksendeetikett", "Hauptstraße"),
        in_reply_to="ticket-1043.1709540000@goodwill.example",
    ),
    "gmail_forward_inline.eml": Expected(
        subject="Fwd: Broken hinge on order 5531",
        from_address="priya@goodwill.example",
        visible_starts="Can someone in Support pick this up? Sam wrote to me directly.",
        visible_lacks=("Forwarded message", "wardrobe"),
        forwarded_from="sam.rivera@fastmail.example",
    ),
    "gmail_reply_on_wrote.eml": Expected(
        subject="Re: [#1039] Replacement kettle",
        from_address="jane.doe@gmail.example",
        visible_starts="Thanks! One more question: does the warranty cover the charger too?",
        visible_lacks=("wrote:", "kettle ships", "jane.doe@gmail.example", "-- "),
        in_reply_to="reply-1039-1.1709543700@goodwill.example",
    ),
    "headers_only_no_body.eml": Expected(
        subject="[UP] goodwill.example is back online",
        from_address="noreply@monitor.goodwill.example",
        visible_starts="",
    ),
    "html_only_message.eml": Expected(
        subject="[Contact form] Parcel marked delivered but not received",
        from_address="noreply@goodwill.example",
        visible_starts="New contact form submission\n\nName: Olivia Chen\nEmail: "
        "olivia.chen@example.org\nOrder: 5610\n\nMy parcel shows as delivered",
        visible_lacks=("tracking", "hidden preheader", "td {", "alert"),
        from_html=True,
    ),
    "inline_image_cid.eml": Expected(
        subject="App shows error on start",
        from_address="noah.fischer@example.ch",
        visible_starts="Hello,\n\nthis is the error message I get when I open the app:",
        attachments=("image001.png",),
    ),
    "invalid_headers_garbage.eml": Expected(
        subject="Re: invoice 5680",
        from_address="quentin@example.be",
        visible_starts="Hello, this message was sent by a misconfigured script.",
        warnings=(
            "duplicate Subject header; used the first",
            "unusable Return-Path header",
            "unparseable Date header 'Someday soon, around lunch'",
        ),
    ),
    "iphone_reply_sent_from_my_iphone.eml": Expected(
        subject="Re: [#1050] Technician visit",
        from_address="marco.rossi@me.example",
        visible_starts="Yes, Thursday afternoon works for me.",
        visible_lacks=("Sent from my iPhone", "technician could come"),
        in_reply_to="reply-1050-1.1709643720@goodwill.example",
    ),
    "missing_date.eml": Expected(
        subject="Order status question",
        from_address="rita.gomes@oldshop.example",
        visible_starts="Hi, is order 5661 shipped yet? Rita",
        warnings=("missing Date header",),
    ),
    "missing_message_id.eml": Expected(
        subject="Scanned document from MFP-3F",
        from_address="scanner@branch-office.example",
        visible_starts="Please see the scanned delivery receipt",
        warnings=("missing Message-ID header; generated one from the message hash",),
    ),
    "multiple_recipients_with_cc.eml": Expected(
        subject="Bulk order of 40 chairs - delivery date",
        from_address="m.dubois@atelier-dubois.example",
        visible_starts="Hello,\n\nwe need the 40 chairs by April 2nd",
    ),
    "nested_multipart_mixed_alternative_related.eml": Expected(
        subject="Damaged corner on bookshelf (order 5640)",
        from_address="grace.okafor@gmail.example",
        visible_starts="Hi team,\n\nthe delivery note and a photo of the damaged corner",
        attachments=("damaged corner.jpg", "delivery-note-5640.pdf"),
    ),
    "newsletter_list_id.eml": Expected(
        subject="Recycled cardboard prices drop 4%",
        from_address="news@packaging-weekly.example",
        visible_starts="Packaging Weekly\n\nRecycled cardboard prices dropped 4% this month.",
        auto_reply=True,
        auto_reason="List-Id: <7c1f2a3b4c5d6e7f8a9b0c1d2.us21.list-id.mcsv.example>",
    ),
    "newsletter_reply_gmail_alice.eml": Expected(
        subject="Re: Spring news: new outdoor furniture",
        from_address="alice.martin@gmail.example",
        visible_starts="Love the new spring collection! Is the rattan armchair also "
        "available in\nblack?\n\nAlice",
        visible_lacks=("free delivery", "wrote:"),
        in_reply_to="newsletter-2024-03.1709280000@news.goodwill.example",
    ),
    "newsletter_reply_outlook_bob.eml": Expected(
        subject="RE: Spring news: new outdoor furniture",
        from_address="bob.okonkwo@outlook.example",
        visible_starts="Does free delivery also apply to the Channel Islands?\n\nBob",
        visible_lacks=("____", "Prices from"),
        in_reply_to="newsletter-2024-03.1709280000@news.goodwill.example",
    ),
    "newsletter_reply_thunderbird_chen.eml": Expected(
        subject="Re: Spring news: new outdoor furniture",
        from_address="jing@chen-family.example",
        visible_starts="Please remove me from this list, I have asked twice already.",
        visible_lacks=("wrote:", "free delivery"),
        in_reply_to="newsletter-2024-03.1709280000@news.goodwill.example",
    ),
    "outlook_automatic_reply_suppress.eml": Expected(
        subject="Automatic reply: [#1042] Printer offline after firmware update",
        from_address="tom.becker@contoso.example",
        visible_starts="I am out of the office until Monday, March 11. For urgent facilities "
        "issues please contact",
        auto_reply=True,
        auto_reason="X-Auto-Response-Suppress: All",
        in_reply_to="reply-1042-3.1709716300@goodwill.example",
    ),
    "outlook_forward_original_message.eml": Expected(
        subject="FW: Damaged delivery",
        from_address="sofia@goodwill.example",
        visible_starts="Forwarding to the queue - Peter called about this as well.\n\nSofia",
        visible_lacks=("Original Message", "glass top"),
        forwarded_from="peter.olsen@example.dk",
    ),
    "outlook_original_message_separator.eml": Expected(
        subject="RE: [#1047] Missing screws in assembly kit",
        from_address="h.lindqvist@nordlicht.example",
        visible_starts="Thanks, the bag with the M6 screws is enough. Our address is "
        "unchanged.\n\nHenrik",
        visible_lacks=("Original Message", "hardware bag"),
        in_reply_to="ticket-1047.1709564700@goodwill.example",
    ),
    "outlook_reply_with_header_block.eml": Expected(
        subject="RE: [#1042] Printer offline after firmware update",
        from_address="tom.becker@contoso.example",
        visible_starts="Hi Priya,\n\nThat did the trick - the printer is back online and the "
        "queue cleared by itself.",
        visible_lacks=("Sent:", "power-cycle", "Since this morning"),
        in_reply_to="reply-1042-2.1709629920@goodwill.example",
    ),
    "outlook_web_reply_divrplyfwdmsg.eml": Expected(
        subject="Re: [#1051] Refund for duplicate charge",
        from_address="marta.kowalska@fabrikam.example",
        visible_starts="Hello,\n\nthe refund arrived in our account today. You can close the "
        "ticket.",
        visible_lacks=("____", "EUR 129.00"),
        in_reply_to="reply-1051-1.1709722980@goodwill.example",
    ),
    "precedence_bulk_notification.eml": Expected(
        subject="[Resolved] Elevated API error rates in eu-west",
        from_address="alerts@status.cloudhost.example",
        visible_starts="The incident affecting API error rates in eu-west has been resolved.",
        auto_reply=True,
        auto_reason="Precedence: bulk",
    ),
    "quoted_printable_soft_breaks.eml": Expected(
        subject="Question about order #5588",
        from_address="irene.lefevre@shopfront.example",
        visible_starts='Bonjour / Hello,\n\nI ordered the "Café Crème" espresso machine '
        '(order #5588) two weeks ago and the status still says "préparation en cours". '
        "The confirmation email said delivery within 3–5 days.",
    ),
    "raw_8bit_header.eml": Expected(
        subject="Größenänderung der Bestellung – size change",
        from_address="zoe.bronte@example.co.uk",
        visible_starts="Hi, could I change the duvet cover in order 5670 from single to double "
        "size? Danke schön!",
        warnings=("text/plain part: no charset declared; decoded as utf-8",),
    ),
    "read_receipt_mdn.eml": Expected(
        subject="Read: [#1047] Missing screws in assembly kit",
        from_address="h.lindqvist@nordlicht.example",
        visible_starts="Your message",
        auto_reply=True,
        auto_reason="read receipt (message disposition notification)",
    ),
    "reply_references_only.eml": Expected(
        subject="Re: [#1054] Invoice in English please",
        from_address="li.wei@example.cn",
        visible_starts="Thank you, the English invoice is exactly what we needed.\n\nLi Wei",
        visible_lacks=("Original", "please find the invoice"),
    ),
    "reply_references_only_folded_multiple.eml": Expected(
        subject="Re: Re: Re: [#1048] Wrong colour delivered",
        from_address="olu.adeyemi@example.ng",
        visible_starts="The replacement in the right colour (oak, not walnut) arrived today.",
    ),
    "rfc2047_broken_encoded_word.eml": Expected(
        subject="Reclamación pendiente café número 5547",
        from_address="pablo.munoz@example.es",
        visible_starts="Hola, sigo esperando respuesta",
    ),
    "rfc2047_subject_and_from_name.eml": Expected(
        subject="[Dringend] Beschädigte Lieferung – Bestellung 5531",
        from_address="joerg.weiss@example.de",
        visible_starts="Guten Tag, die Lieferung kam beschädigt an.",
    ),
    "thunderbird_reply_format_flowed.eml": Expected(
        subject="Re: [#1053] Export to CSV cuts off long descriptions",
        from_address="ravi@patel-consulting.example",
        visible_starts="Hi Diego,\n\nI tried the export again with the new version and the "
        "descriptions are still cut off after 255 characters. It happens with every product "
        "that has a long description, not only the ones with special characters.\n\n"
        "Regards,\nRavi",
        visible_lacks=("wrote:", "we released a fix"),
        in_reply_to="reply-1053-1.1709660000@goodwill.example",
    ),
    "unknown_8bit_charset_cp1252_bytes.eml": Expected(
        subject="Warranty claim",
        from_address="c.oneill@legacy-isp.example",
        visible_starts="Hello,\n\nmy toaster’s “defrost” button stopped working after 3 months "
        "– I’d like to make a warranty claim. I paid €39 at the café shop in Cork.",
        warnings=("text/plain part: unknown charset 'unknown-8bit'; decoded as windows-1252",),
    ),
    "unknown_charset_x_unknown.eml": Expected(
        subject="Fatura errada",
        from_address="ana.ferreira@correio.example",
        visible_starts="Olá,\n\na fatura nº 5521 está errada",
        warnings=("text/plain part: unknown charset 'x-unknown'; decoded as utf-8",),
    ),
    "unknown_sender_quoting_other_ticket.eml": Expected(
        subject="Re: [#1042] Printer offline after firmware update",
        from_address="jsmith1987@freemail.example",
        visible_starts="I have exactly the same printer and the same problem since the update.\n"
        "Can you send me the fix as well? My order number is 5590.",
        visible_lacks=("Hi Tom", "wrote:"),
    ),
    "very_long_subject.eml": Expected(
        subject="Re: [#1056] Question about the installation of the modular kitchen system "
        "including the corner cabinet, the pull-out pantry, the integrated dishwasher panel, the "
        "extractor hood above the island, the under-cabinet LED strips and the matching handles "
        "in brushed steel which were supposed to arrive together with the worktop but came in a "
        "separate delivery two days later without any assembly instructions or the bag of hinges "
        "that the manual refers to on page 14 as well as the spare shelf pins",
        from_address="a.kowalczyk@example.pl",
        visible_starts="The hinges are still missing. Please also check the pins.",
        in_reply_to="reply-1056-1.1709900000@goodwill.example",
    ),
    "windows1252_smart_quotes.eml": Expected(
        subject="Error 17 on my coffee grinder",
        from_address="fiona.byrne@eircom.example",
        visible_starts="Hi there,\n\nI’ve tried the “reset to factory settings” option three "
        "times… nothing changes.\nThe display just says “Error 17”. I paid € 189 for this – "
        "not happy.",
    ),
    "wrong_charset_latin1_declared_utf8_bytes.eml": Expected(
        subject="Doppelte Abbuchung / double charge",
        from_address="juergen.weiss@koeln-cafe.example",
        visible_starts="Hallo,\n\nGrüße aus Köln – the café’s invoice (Rechnung Nr. 4471) "
        "shows €49.90 twice.",
        warnings=("text/plain part: declared charset 'iso-8859-1' but the content is UTF-8",),
    ),
}


def test_corpus_has_at_least_thirty_documented_files() -> None:
    assert len(CASES) >= 30
    missing = [name for name in CASES if not (EMAILS / name).is_file()]
    assert missing == []


@pytest.mark.parametrize("name", sorted(CASES))
def test_corpus_file(name: str) -> None:
    expected = CASES[name]
    parsed = load(name)
    assert parsed.subject == expected.subject
    assert parsed.from_address == expected.from_address
    assert parsed.visible_text.startswith(expected.visible_starts)
    for fragment in expected.visible_lacks:
        assert fragment not in parsed.visible_text, fragment
    assert parsed.is_auto_reply is expected.auto_reply
    assert parsed.is_bounce is expected.bounce
    assert parsed.auto_reason == expected.auto_reason
    assert tuple(a.filename for a in parsed.attachments) == expected.attachments
    if expected.in_reply_to is not None:
        assert parsed.in_reply_to == expected.in_reply_to
    assert (parsed.forwarded_from.address if parsed.forwarded_from else None) == (
        expected.forwarded_from
    )
    assert parsed.text_from_html is expected.from_html
    for warning in expected.warnings:
        assert warning in parsed.warnings
    if not expected.warnings:
        assert parsed.warnings == ()


@pytest.mark.parametrize("path", sorted(EMAILS.glob("*.eml")), ids=lambda p: p.name)
def test_every_corpus_file_parses_cleanly(path: Path) -> None:
    """Also covers .eml files other tests add to the directory."""
    parsed = parse_email(path.read_bytes())
    assert parsed.message_id
    assert not [w for w in parsed.warnings if w.startswith("parser fallback")]
    assert parsed.size == path.stat().st_size
    if parsed.date is not None:
        assert parsed.date.tzinfo is not None


# --- identifiers and threading -----------------------------------------------------------


def test_message_ids_lose_their_angle_brackets() -> None:
    parsed = load("outlook_reply_with_header_block.eml")
    assert parsed.message_id == (
        "AM0PR07MB6345F1C2E9D3B8A1C4E5D6F7A8B9C0D1@AM0PR07MB6345.eurprd07.prod.outlook.example"
    )
    assert parsed.message_id_generated is False
    assert parsed.references == (
        "ticket-1042.1709545200@goodwill.example",
        "reply-1042-2.1709629920@goodwill.example",
    )
    assert parsed.referenced_ids == (
        "reply-1042-2.1709629920@goodwill.example",
        "ticket-1042.1709545200@goodwill.example",
    )


def test_missing_message_id_is_generated_from_a_hash_of_the_bytes() -> None:
    raw = (EMAILS / "missing_message_id.eml").read_bytes()
    first, second = parse_email(raw), parse_email(raw)
    assert first.message_id_generated is True
    assert first.message_id == second.message_id
    assert first.message_id.endswith("@goodwill.invalid")
    assert parse_email(raw + b"\n").message_id != first.message_id


def test_references_only_replies_have_no_in_reply_to() -> None:
    single = load("reply_references_only.eml")
    assert single.in_reply_to is None
    assert single.references == ("reply-1054-1.1709800000@goodwill.example",)
    folded = load("reply_references_only_folded_multiple.eml")
    assert folded.in_reply_to is None
    assert folded.references == (
        "ticket-1048.1709560000@goodwill.example",
        "reply-1048-1.1709600000@goodwill.example",
        "87zg4b2c1a.fsf@example.ng",
        "reply-1048-2.1709700000@goodwill.example",
    )
    assert folded.referenced_ids[0] == "reply-1048-2.1709700000@goodwill.example"
    assert folded.base_subject == "[#1048] Wrong colour delivered"


def test_unknown_sender_quoting_another_ticket_keeps_the_reference() -> None:
    parsed = load("unknown_sender_quoting_other_ticket.eml")
    assert parsed.from_name == "J. Smith"
    assert parsed.references == ("ticket-1042.1709545200@goodwill.example",)
    assert parsed.in_reply_to is None
    assert "[#1042]" in parsed.subject
    assert not parsed.is_auto_reply


def test_newsletter_replies_from_different_people_all_point_at_the_newsletter() -> None:
    names = [
        "newsletter_reply_gmail_alice.eml",
        "newsletter_reply_outlook_bob.eml",
        "newsletter_reply_thunderbird_chen.eml",
    ]
    parsed = [load(name) for name in names]
    assert {p.in_reply_to for p in parsed} == {
        "newsletter-2024-03.1709280000@news.goodwill.example"
    }
    assert len({p.from_address for p in parsed}) == 3
    assert len({p.message_id for p in parsed}) == 3
    assert not any(p.is_auto_reply for p in parsed)
    assert {p.base_subject for p in parsed} == {"Spring news: new outdoor furniture"}


# --- headers: names, addresses, dates -----------------------------------------------------


def test_rfc2047_names_and_cc_list() -> None:
    parsed = load("rfc2047_subject_and_from_name.eml")
    assert parsed.from_name == "Jörg Weiß"
    assert parsed.cc == (
        Address("Françoise Léger", "francoise.leger@example.fr"),
        Address("Léonie Ødegaård", "leonie@example.no"),
    )


def test_encoded_word_inside_quotes_is_decoded() -> None:
    assert load("rfc2047_broken_encoded_word.eml").from_name == "Pablo Muñoz"


def test_multiple_recipients_names_with_commas_and_comments() -> None:
    parsed = load("multiple_recipients_with_cc.eml")
    assert parsed.from_name == "Marc Dubois"
    assert parsed.to == (
        Address("Support, Goodwill", "support@goodwill.example"),
        Address("Sharma, Priya", "priya@goodwill.example"),
        Address("", "sales@goodwill.example"),
    )
    assert parsed.cc == (
        Address("Amélie Dubois", "amelie@atelier-dubois.example"),
        Address("", "accounting@atelier-dubois.example"),
    )
    assert parsed.reply_to == (Address("Atelier Dubois Team", "team@atelier-dubois.example"),)


def test_group_syntax_without_members_gives_no_recipients() -> None:
    assert load("precedence_bulk_notification.eml").to == ()


def test_raw_8bit_headers_are_decoded() -> None:
    parsed = load("raw_8bit_header.eml")
    assert parsed.from_name == "Zoë Brontë"
    assert parsed.header("X-Branch") == "Köln Süd"


def test_very_long_subject_is_unfolded_to_one_line() -> None:
    parsed = load("very_long_subject.eml")
    assert len(parsed.subject) > 450
    assert "\n" not in parsed.subject and "  " not in parsed.subject


def test_dates_are_aware() -> None:
    assert load("gmail_reply_on_wrote.eml").date == datetime(
        2024, 3, 4, 11, 31, 4, tzinfo=timezone(timedelta(hours=1))
    )
    # "-0000" means UTC with no zone information: still an aware datetime.
    assert load("windows1252_smart_quotes.eml").date == datetime(2024, 3, 7, 13, 15, 27, tzinfo=UTC)
    assert load("missing_date.eml").date is None
    assert load("invalid_headers_garbage.eml").date is None


def test_return_path() -> None:
    plain = load("apple_mail_reply.eml")
    assert (plain.return_path, plain.null_return_path) == ("lena.vogel@icloud.example", False)
    null = load("empty_return_path.eml")
    assert (null.return_path, null.null_return_path) == ("", True)
    absent = load("gmail_reply_on_wrote.eml")
    assert (absent.return_path, absent.null_return_path) == (None, False)


def test_garbage_headers_are_tolerated() -> None:
    parsed = load("invalid_headers_garbage.eml")
    assert parsed.to == (Address("", "valid.person@example.be"),)
    assert parsed.cc == ()
    assert parsed.in_reply_to is None
    assert parsed.return_path is None
    assert "Message-ID without angle brackets" in parsed.warnings


def test_mbox_from_line_and_crlf() -> None:
    parsed = load("crlf_with_mbox_from_line.eml")
    assert parsed.message_id == "CAD5k1m2N3o4P5q6R7s8T9u0V1w2X3y4Z5@mail.example.kr"
    assert "\r" not in parsed.text


# --- bodies and charsets ------------------------------------------------------------------


def test_outlook_reply_full_text_is_kept() -> None:
    parsed = load("outlook_reply_with_header_block.eml")
    assert "power-cycle the printer" in parsed.text
    assert parsed.visible_text.endswith("Tom Becker\nFacilities | Contoso Ltd.\n+49 30 1234 5678")
    assert parsed.html is not None and "power-cycle" in parsed.html
    assert parsed.visible_html is not None
    assert "power-cycle" not in parsed.visible_html
    assert "That did the trick" in parsed.visible_html
    assert "<style" not in parsed.html and "Cambria" not in parsed.html


def test_outlook_web_visible_html_cuts_at_appendonsend() -> None:
    parsed = load("outlook_web_reply_divrplyfwdmsg.eml")
    assert parsed.visible_html is not None
    assert "refund arrived" in parsed.visible_html
    assert "divRplyFwdMsg" not in parsed.visible_html
    assert "EUR 129.00" not in parsed.visible_html
    assert "EUR 129.00" in (parsed.html or "")


def test_gmail_visible_html_drops_quote_and_signature() -> None:
    parsed = load("gmail_reply_on_wrote.eml")
    assert parsed.visible_html == (
        "<div>Thanks! One more question: does the warranty cover the charger too?"
        "<div><br></div><div>Best,</div><div>Jane</div></div>"
    )


def test_apple_and_thunderbird_blockquote_cite_removed() -> None:
    for name in ("apple_mail_reply.eml", "newsletter_reply_thunderbird_chen.eml"):
        parsed = load(name)
        assert parsed.visible_html is not None
        assert "blockquote" not in parsed.visible_html
        assert "wrote:" not in parsed.visible_html


def test_iphone_visible_html_drops_sent_from_my_iphone() -> None:
    parsed = load("iphone_reply_sent_from_my_iphone.eml")
    assert parsed.visible_html == "<div>Yes, Thursday afternoon works for me.</div>"


def test_html_only_message_is_sanitised_and_rendered_as_text() -> None:
    parsed = load("html_only_message.eml")
    assert parsed.text_from_html is True
    assert parsed.html is not None
    for dangerous in ("<script", "onclick", "javascript:", "<style", "<title"):
        assert dangerous not in parsed.html
    assert "hidden preheader" not in parsed.html
    assert "Olivia Chen" in parsed.html
    assert parsed.reply_to == (Address("Olivia Chen", "olivia.chen@example.org"),)


def test_format_flowed_is_unwrapped() -> None:
    parsed = load("thunderbird_reply_format_flowed.eml")
    assert "descriptions are still cut off after 255 characters." in parsed.text
    assert "> we released a fix for the CSV export yesterday. Could you try again and let" in (
        parsed.text
    )


def test_quoted_printable_and_base64_bodies_decode() -> None:
    assert "total = 349,00 €, paid by card." in load("quoted_printable_soft_breaks.eml").text
    assert "Could you send it as a PDF?" in load("base64_text_body.eml").text


def test_broken_transfer_encodings_do_not_lose_the_text() -> None:
    parsed = load("base64_and_qp_with_errors.eml")
    assert parsed.text.startswith("Hi, the parcel arrived")
    assert parsed.html is not None and "Discount code =ZZ50 is invalid =&gt; why?" in parsed.html


def test_headers_only_message() -> None:
    parsed = load("headers_only_no_body.eml")
    assert (parsed.text, parsed.visible_text, parsed.html, parsed.attachments) == ("", "", None, ())


# --- attachments --------------------------------------------------------------------------


def test_pdf_attachment() -> None:
    (attachment,) = load("attachment_pdf.eml").attachments
    assert attachment.content_type == "application/pdf"
    assert attachment.detected_type == "application/pdf"
    assert attachment.content.startswith(b"%PDF-1.4")
    assert attachment.size == len(attachment.content) == 332
    assert attachment.is_inline is False
    assert attachment.extension == "pdf"
    assert check_attachment(attachment) == []


def test_rfc2231_and_rfc2047_filenames() -> None:
    pdf, docx, note = load("attachment_rfc2231_filename.eml").attachments
    assert pdf.detected_type == "application/pdf"
    assert docx.detected_type == "application/zip"
    assert check_attachments([pdf, docx, note]) == []
    assert note.content == "Bitte beim Nachbarn (Tür 3) abgeben.".encode("latin-1")


def test_inline_cid_image() -> None:
    parsed = load("inline_image_cid.eml")
    (image,) = parsed.attachments
    assert image.content_id == "image001.png@01DA6E1B.5C0F2A30"
    assert image.is_inline is True
    assert image.detected_type == "image/png"
    assert parsed.inline_attachments == (image,)
    assert parsed.visible_html is not None
    assert 'src="cid:image001.png@01DA6E1B.5C0F2A30"' in parsed.visible_html


def test_nested_multipart_structure() -> None:
    parsed = load("nested_multipart_mixed_alternative_related.eml")
    photo, note = parsed.attachments
    assert (photo.is_inline, photo.content_type, photo.detected_type) == (
        True,
        "image/jpeg",
        "image/jpeg",
    )
    assert (note.is_inline, note.disposition) == (False, "attachment")
    assert parsed.text.startswith("Hi team,")  # text/plain preferred over the HTML
    assert parsed.html is not None and 'src="cid:ii_lt8x2k9w0"' in parsed.html


def test_unreferenced_inline_image_is_a_plain_attachment() -> None:
    (image,) = load("apple_mail_inline_split_body.eml").attachments
    assert (image.disposition, image.content_id, image.is_inline) == ("inline", None, False)


def test_executable_disguised_as_pdf_is_rejected() -> None:
    disguised, double_extension = load("exe_disguised_as_pdf.eml").attachments
    assert disguised.detected_type == "application/x-msdownload"
    assert check_attachment(disguised) == [
        "content is a Windows executable but declared as application/pdf"
    ]
    assert check_attachment(double_extension) == [
        "blocked file extension .exe",
        "content is a Windows executable but declared as application/octet-stream",
    ]
    rejected = check_attachments([disguised, double_extension])
    assert [r.attachment for r in rejected] == [disguised, double_extension]


def _attachment(
    content: bytes, content_type: str = "application/octet-stream", filename: str = "file.bin"
) -> Attachment:
    return Attachment(
        filename=filename,
        content_type=content_type,
        detected_type=detect_content_type(content),
        size=len(content),
        content=content,
        content_id=None,
        is_inline=False,
        disposition="attachment",
    )


def test_attachment_policy_size_and_allowed_types() -> None:
    pdf = _attachment(b"%PDF-1.7\n" + b"x" * 2000, "application/pdf", "big.pdf")
    policy = AttachmentPolicy(max_size=1024, allowed_types=frozenset({"image/*"}))
    assert check_attachment(pdf, policy) == [
        "too large: 2 KB exceeds the 1 KB limit",
        "file type application/pdf is not allowed",
    ]
    png = _attachment(b"\x89PNG\r\n\x1a\n" + b"\x00" * 10, filename="scan.png")
    assert check_attachment(png, policy) == []  # octet-stream judged by its magic bytes


def test_declared_type_and_extension_mismatches() -> None:
    fake_png = _attachment(b"GIF89a....", "image/png", "photo.png")
    assert check_attachment(fake_png) == [
        "declared as image/png but the content is a GIF image",
        "file name 'photo.png' but the content is a GIF image",
    ]
    not_a_pdf = _attachment(b"hello", "application/pdf", "notes.pdf")
    assert check_attachment(not_a_pdf) == [
        "declared as application/pdf but the content is not a PDF",
        "file name 'notes.pdf' but the content is not a PDF",
    ]
    docx_as_zip = _attachment(b"PK\x03\x04rest", "application/zip", "report.docx")
    assert check_attachment(docx_as_zip) == []
    elf = _attachment(b"\x7fELF\x02\x01", "text/plain", "readme.txt")
    assert check_attachment(elf) == ["content is a ELF executable but declared as text/plain"]
    relaxed = AttachmentPolicy(check_type_mismatch=False)
    assert check_attachment(fake_png, relaxed) == []


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.4", "application/pdf"),
        (b"junk before %PDF-1.4", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n", "image/png"),
        (b"\xff\xd8\xff\xe0", "image/jpeg"),
        (b"GIF87a", "image/gif"),
        (b"PK\x03\x04", "application/zip"),
        (b"MZ\x90\x00", "application/x-msdownload"),
        (b"\x7fELF", "application/x-executable"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"plain text", None),
        (b"", None),
    ],
)
def test_detect_content_type(data: bytes, expected: str | None) -> None:
    assert detect_content_type(data) == expected


# --- forwards -----------------------------------------------------------------------------


def test_gmail_inline_forward() -> None:
    forwarded = load("gmail_forward_inline.eml").forwarded
    assert forwarded is not None
    assert forwarded.source == "inline"
    assert forwarded.sender == Address("Sam Rivera", "sam.rivera@fastmail.example")
    assert forwarded.subject == "Broken hinge on order 5531"
    assert forwarded.date_text == "Mon, Mar 4, 2024 at 6:02 PM"
    assert forwarded.date is None  # no time zone in Gmail's forward header
    assert forwarded.visible_text.startswith("Hi Priya,\n\nthe wardrobe from order 5531")
    assert forwarded.visible_text.endswith("Thanks,\nSam")


def test_forward_as_rfc822_attachment() -> None:
    parsed = load("forward_as_attachment_rfc822.eml")
    forwarded = parsed.forwarded
    assert forwarded is not None and forwarded.message is not None
    assert forwarded.source == "attachment"
    assert (forwarded.from_name, forwarded.from_address) == ("Kim Nguyen", "kim.nguyen@example.net")
    assert forwarded.subject == "Order 5602 never arrived"
    assert forwarded.message.message_id == "CAB9x8y7Z6w5V4u3T2s1R0q@mail.example.net"
    assert forwarded.date == datetime(2024, 3, 4, 21, 46, 58, tzinfo=timezone(timedelta(hours=1)))
    assert "it still hasn’t arrived" in forwarded.visible_text
    (eml,) = parsed.attachments
    assert eml.content_type == "message/rfc822"
    assert b"Subject: Order 5602 never arrived" in eml.content


def test_apple_mail_forward() -> None:
    forwarded = load("apple_mail_forward_begin_forwarded.eml").forwarded
    assert forwarded is not None
    assert forwarded.sender == Address("Ana Souza", "ana.souza@example.com.br")
    assert forwarded.subject == "Cobrança duplicada"
    assert forwarded.text.startswith("Olá Lena,")


def test_outlook_forward_needs_a_forward_subject() -> None:
    forwarded = load("outlook_forward_original_message.eml").forwarded
    assert forwarded is not None
    assert forwarded.sender == Address("Peter Olsen", "peter.olsen@example.dk")
    assert forwarded.date_text == "Tuesday, March 5, 2024 5:48 PM"
    # The same block under "RE:" is quoted history, not a forward.
    assert load("outlook_original_message_separator.eml").forwarded is None
    assert load("outlook_reply_with_header_block.eml").forwarded is None


def test_bounce_does_not_count_its_returned_message_as_a_forward() -> None:
    assert load("bounce_exim_x_failed_recipients.eml").forwarded is None


# --- classification -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "recipients"),
    [
        ("bounce_dsn_multipart_report.eml", ("old.address@contoso.example",)),
        ("bounce_exim_x_failed_recipients.eml", ("p.nakamura@closed-company.example",)),
        ("bounce_mailer_daemon_qmail.eml", ("d.wright@oldhost.example",)),
    ],
)
def test_bounced_recipients(name: str, recipients: tuple[str, ...]) -> None:
    parsed = load(name)
    assert parsed.is_bounce and parsed.is_auto_reply
    assert parsed.bounced_recipients == recipients


def test_dsn_sender_name_comes_from_the_comment() -> None:
    parsed = load("bounce_dsn_multipart_report.eml")
    assert parsed.from_name == "Mail Delivery System"
    assert parsed.null_return_path is True


def test_people_are_not_automated() -> None:
    for name in ("gmail_reply_on_wrote.eml", "outlook_reply_with_header_block.eml"):
        parsed = load(name)
        assert (parsed.is_auto_reply, parsed.is_bounce, parsed.auto_reason) == (False, False, None)
        assert parsed.bounced_recipients == ()


def _message(*headers: str, body: str = "Hello") -> bytes:
    return ("\n".join(["From: someone@example.com", *headers]) + "\n\n" + body).encode()


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("Auto-Submitted: auto-generated", "Auto-Submitted: auto-generated"),
        ("Auto-Submitted: auto-replied; owner-email=x@example.com", "Auto-Submitted: auto-replied"),
        ("X-Autorespond: vacation", "X-Autorespond: vacation"),
        ("X-Auto-Response-Suppress: OOF, AutoReply", "X-Auto-Response-Suppress: OOF, AutoReply"),
        ("Precedence: junk", "Precedence: junk"),
        ("Precedence: list", "Precedence: list"),
        ("List-Id: Team <team.lists.example.com>", "List-Id: <team.lists.example.com>"),
        ("Return-Path: <>", "Return-Path: <> (null sender)"),
        ("Subject: Automatic reply: hello", "subject looks like an automatic reply"),
    ],
)
def test_auto_reply_headers(header: str, reason: str) -> None:
    parsed = parse_email(_message(header))
    assert parsed.is_auto_reply is True
    assert parsed.is_bounce is False
    assert parsed.auto_reason == reason


@pytest.mark.parametrize(
    "header",
    [
        "Auto-Submitted: no",
        "X-Auto-Response-Suppress: DR, RN",
        "Precedence: first-class",
        "Subject: Re: Automatic reply: hello",
    ],
)
def test_not_auto_reply_headers(header: str) -> None:
    parsed = parse_email(_message(header))
    assert (parsed.is_auto_reply, parsed.auto_reason) == (False, None)


def test_postmaster_bounce_needs_a_bounce_subject() -> None:
    bounce = parse_email(
        b"From: postmaster@example.com\nSubject: Undeliverable: hello\n\n"
        b"Delivery has failed to these recipients:\n\n<gone@example.org>: 550 no such user\n"
    )
    assert bounce.is_bounce is True
    assert bounce.bounced_recipients == ("gone@example.org",)
    person = parse_email(b"From: postmaster@example.com\nSubject: Question\n\nHello")
    assert person.is_bounce is False


# --- input validation and robustness ------------------------------------------------------


@pytest.mark.parametrize("raw", [b"", b"   \r\n\t\n", b"just some words", b"\x00\x01\x02"])
def test_not_an_email_raises_with_a_reason(raw: bytes) -> None:
    with pytest.raises(EmailParseError) as error:
        parse_email(raw)
    assert error.value.reason
    assert str(error.value) == error.value.reason


def test_non_bytes_input_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        parse_email("From: a@example.com\n\nhi")  # type: ignore[arg-type]


def test_bytearray_and_memoryview_are_accepted() -> None:
    raw = (EMAILS / "attachment_pdf.eml").read_bytes()
    assert parse_email(bytearray(raw)).message_id == parse_email(memoryview(raw)).message_id


def test_single_header_line_is_enough() -> None:
    parsed = parse_email(b"Subject: hi")
    assert parsed.subject == "hi"
    assert parsed.from_address is None
    assert "no usable From header" in parsed.warnings


def test_junk_before_the_headers_is_skipped() -> None:
    parsed = parse_email(b"\xef\xbb\xbf\n\ngarbage line\nFrom: a@example.com\nSubject: x\n\nbody")
    assert (parsed.from_address, parsed.subject, parsed.text) == ("a@example.com", "x", "body")
    assert "skipped 3 line(s) before the first header field" in parsed.warnings


def test_sender_falls_back_to_sender_or_reply_to() -> None:
    parsed = parse_email(b"Sender: Real Person <real@example.com>\nSubject: x\n\nbody")
    assert (parsed.from_name, parsed.from_address) == ("Real Person", "real@example.com")
    assert "no usable From header; used Sender" in parsed.warnings


def test_nul_bytes_and_control_characters_are_removed() -> None:
    parsed = parse_email(b"From: a@example.com\nSubject: a\x00b\x07c\n\nbody\x00 text\x1b")
    assert parsed.subject == "abc"
    assert parsed.text == "body text"


def test_message_id_of_control_characters_is_unusable() -> None:
    parsed = parse_email(b"Subject: x\nMessage-ID: <\x1b>\nIn-Reply-To: <\x00>\n\nbody")
    assert parsed.message_id_generated is True
    assert parsed.in_reply_to is None
    assert "unusable Message-ID header; generated one from the message hash" in parsed.warnings


def test_deeply_nested_multiparts_keep_the_headers() -> None:
    nesting = b"".join(
        b"Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n" % (i, i) for i in range(1200)
    )
    parsed = parse_email(b"From: a@example.com\nSubject: deep\n" + nesting + b"\n\nhello\n")
    assert parsed.subject == "deep"
    assert not [w for w in parsed.warnings if w.startswith("parser fallback")]


def test_frozen() -> None:
    parsed = load("attachment_pdf.eml")
    with pytest.raises(AttributeError):
        parsed.subject = "changed"  # type: ignore[misc]


# --- decoding helpers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=?UTF-8?B?R3LDvMOfZQ==?=", "Grüße"),
        ("=?utf-8?q?caf=C3=A9?= =?utf-8?q?_au_lait?=", "café au lait"),
        ("=?UTF-8?B?w6k=?= plain =?UTF-8?Q?=C3=A8?=", "é plain è"),
        ("=?utf-8?B?4oK?= =?utf-8?B?rA==?=", "€"),  # a character split across two words
        ("=?ISO-8859-1?Q?J=FCrgen?=", "Jürgen"),
        ("=?x-bogus?Q?caf=E9?=", "café"),
        ("=?UTF-8*de?Q?Gr=C3=BC=C3=9Fe?=", "Grüße"),
        ("=?UTF-8?Q?unterminated_caf=C3=A9", "unterminated café"),
        ("no   encoding\there", "no encoding here"),
        ("=?UTF-8?X?not-an-encoding?=", "=?UTF-8?X?not-an-encoding?="),
    ],
)
def test_decode_header_text(value: str, expected: str) -> None:
    assert decode_header_text(value) == expected


@pytest.mark.parametrize(
    ("data", "charset", "text", "warned"),
    [
        ("Grüße".encode(), "utf-8", "Grüße", False),
        ("Grüße".encode(), "iso-8859-1", "Grüße", True),
        ("Grüße".encode("latin-1"), "iso-8859-1", "Grüße", False),
        ("“hi”".encode("cp1252"), "iso-8859-1", "“hi”", False),  # WHATWG: latin-1 is cp1252
        ("“hi”".encode("cp1252"), "utf-8", "“hi”", True),
        ("“hi”".encode("cp1252"), None, "“hi”", True),
        ("привет".encode("koi8-r"), "koi8-r", "привет", False),
        ("日本語".encode("shift_jis"), "shift_jis", "日本語", False),
        (b"plain", "x-nonsense", "plain", False),
        (b"\x81\x8d", "x-nonsense", "\ufffd\ufffd", True),
        ("Grüße".encode(), "base64", "Grüße", True),  # a codec, but not a charset
    ],
)
def test_decode_text(data: bytes, charset: str | None, text: str, warned: bool) -> None:
    decoded, warning = decode_text(data, charset)
    assert decoded == text
    assert (warning is not None) is warned


def test_repeated_header_values_parse_the_same_every_time() -> None:
    # Header parsing is memoised per value: the second message must still get its own
    # warning and its own addresses, not lose them to the first.
    raw = (
        b"From: Broken <<dana@example.com>>\r\nTo: support@goodwill.localhost\r\n"
        b"Subject: one\r\nMessage-ID: <m1@x>\r\n"
        b'Content-Type: text/plain; charset="utf-8"\r\n\r\nHello\r\n'
    )
    first = parse_email(raw)
    second = parse_email(raw.replace(b"Subject: one", b"Subject: two"))
    assert first.from_address == second.from_address == "dana@example.com"
    assert any("malformed" in w for w in first.warnings)
    assert any("malformed" in w for w in second.warnings)
    assert second.subject == "two"
