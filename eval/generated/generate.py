#!/usr/bin/env python3
"""Write eval/generated/cases.jsonl: labeled drafts with personal information as people write it.

Values come from Faker's en_US, en_GB, de_DE, it_IT, fr_FR and ja_JP providers (Faker is pinned
in the `test` extra); the sentences around them are templates below, in English and Japanese,
written after how people post (replies, asides, lists, log excerpts). Each expected finding
carries a `type` (phone, email, address, ja-address, card, iban, ssn, licence, passport,
my-number, ip, name) that `score_types.py` scores separately. Clean drafts (`expect: []`) hold
public contact points (a business's line, a ward office, the organization's own address with
its announcement link) and numbers that are no personal data.

    .venv/bin/python eval/generated/generate.py            # same seed, same file
    .venv/bin/python eval/generated/generate.py --seed 7 --per-template 4 --out /tmp/x.jsonl
"""
from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import phonenumbers
from faker import Faker

HERE = Path(__file__).resolve().parent
LOCALES = ("en_US", "en_GB", "de_DE", "it_IT", "fr_FR", "ja_JP")
KANJI_DIGITS = "〇一二三四五六七八九"
FULL_WIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")


def kanji_number(n: int) -> str:
    """1..99 in kanji numerals as addresses write them: 六, 十八, 二十三."""
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else KANJI_DIGITS[tens]) + "十" if tens else "") + (KANJI_DIGITS[ones] if ones else "")


class Values:
    """Personal data of every type, drawn from Faker with one seeded random source."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.fakers = {}
        for i, locale in enumerate(LOCALES):
            faker = Faker(locale)
            faker.seed_instance(seed + i)
            self.fakers[locale] = faker
        self.en = self.fakers["en_US"]
        self.ja = self.fakers["ja_JP"]

    def western(self) -> Faker:
        return self.fakers[self.rng.choice(LOCALES[:5])]

    # ---------------------------------------------------------------- names
    def name(self, locale: str | None = None) -> str:
        faker = self.fakers[locale] if locale else self.western()
        name = f"{faker.first_name()} {faker.last_name()}"
        return name.upper() if self.rng.random() < 0.08 else name

    def first_name(self) -> str:
        return self.western().first_name()

    def ja_name(self) -> str:
        last, first = self.ja.last_name(), self.ja.first_name()
        if self.rng.random() < 0.1:
            last = self.rng.choice(["𠮷田", "𠮷川", "𠮷村", "髙橋", "𠮷岡"])
        return last + first

    # ---------------------------------------------------------------- contact data
    def phone(self) -> str:
        """A phone number that is valid where it is from (US numbers: possible ones too, as
        made-up numbers with any area code are)."""
        while True:
            number, region = self._phone()
            parsed = phonenumbers.parse(number, region)
            if phonenumbers.is_valid_number(parsed) or region == "US" and phonenumbers.is_possible_number(parsed):
                return number

    def _phone(self) -> tuple[str, str]:
        rng = self.rng
        form = rng.randrange(8)
        a, b, c = rng.randint(201, 989), rng.randint(200, 999), rng.randint(0, 9999)
        if form == 0:
            return f"{a}.{b}.{c:04d}", "US"
        if form == 1:
            return f"({a}) {b}-{c:04d}", "US"
        if form == 2:
            return f"{a}-{b}-{c:04d}", "US"
        if form == 3:
            return f"+1 {a} {b} {c:04d}", "US"
        if form == 4:
            return self.fakers["en_GB"].cellphone_number(), "GB"
        if form == 5:
            locale = rng.choice(["de_DE", "fr_FR", "it_IT"])
            return self.fakers[locale].phone_number(), locale[-2:]
        if form == 6:
            return rng.choice([f"+46 (0)8 {rng.randint(100, 999)} {rng.randint(100, 999)} {rng.randint(10, 99)}",
                               f"+31 6 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
                               f"+34 6{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}",
                               f"+61 4{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}"]), "SE"
        return self._ja_number(), "JP"

    def _ja_number(self) -> str:
        """A Japanese mobile or landline number, valid in Japan's numbering plan."""
        rng = self.rng
        while True:
            number = rng.choice([f"0{rng.choice('789')}0-{rng.randint(1000, 9999)}-{rng.randint(0, 9999):04d}",
                                 f"0{rng.choice('36')}-{rng.randint(1000, 9999)}-{rng.randint(0, 9999):04d}",
                                 f"0{rng.randint(11, 99)}-{rng.randint(200, 999)}-{rng.randint(0, 9999):04d}"])
            if phonenumbers.is_valid_number(phonenumbers.parse(number, "JP")):
                return number

    def ja_phone(self) -> str:
        number = self._ja_number()
        return number.translate(FULL_WIDTH).replace("－", self.rng.choice("－ー")) if self.rng.random() < 0.3 else number

    def email(self) -> str:
        faker = self.western()
        user = self.rng.choice([faker.user_name(), f"{faker.first_name().lower()}.{faker.last_name().lower()}"])
        domain = self.rng.choice(["gmail.com", "yahoo.com", "outlook.com", "hotmail.co.uk", "web.de", "libero.it", "orange.fr", faker.free_email_domain()])
        user = user.encode("ascii", "ignore").decode() or "jpatel"
        form = self.rng.randrange(6)
        if form == 0:
            return f"{user.replace('.', ' dot ')} at {domain.replace('.', ' dot ')}"
        if form == 1:
            return f"{user} [at] {domain.replace('.', ' [dot] ')}"
        if form == 2:
            return f"{user}(at){domain}"
        return f"{user}@{domain}"

    def ja_email(self) -> str:
        user = self.ja.user_name()
        domain = self.rng.choice(["gmail.com", "yahoo.co.jp", "docomo.ne.jp", "ezweb.ne.jp", "icloud.com"])
        return f"{user}{self.rng.choice(['@', '＠', '＠'])}{domain}"

    # ---------------------------------------------------------------- addresses
    def address(self) -> str:
        rng = self.rng
        form = rng.randrange(9)
        if form <= 2:
            f = self.en
            line = f.street_address()
            return f"{line}, {f.city()}, {f.state_abbr()} {f.zipcode()}" if form else line
        if form == 3:
            f = self.fakers["en_GB"]
            return f"{f.building_number()} {f.street_name()}, {f.city()} {f.postcode()}"
        if form == 4:
            f = self.fakers["de_DE"]
            return f"{f.street_name()} {f.building_number()}, {f.postcode()} {f.city()}" if rng.random() < 0.7 else f"{f.street_name()} {f.building_number()}"
        if form == 5:
            f = self.fakers["it_IT"]
            return f"{f.street_name()} {rng.randint(1, 200)}, {f.postcode()} {f.city()}" if rng.random() < 0.5 else f"{f.street_name()} {rng.randint(1, 200)}"
        if form == 6:
            f = self.fakers["fr_FR"]
            return f"{f.building_number()}, {f.street_name()}, {f.postcode()} {f.city()}" if rng.random() < 0.6 else f"{f.building_number()} {f.street_name()}"
        if form == 7:
            where = rng.choice([(self.en.military_apo(), "APO"), (self.en.military_dpo(), "DPO"),
                                (f"{self.en.military_ship()} {self.en.last_name()}", "FPO")])
            return f"{where[0]}, {where[1]} {rng.choice(['AE', 'AP', 'AA'])} {self.en.zipcode()}"
        f = self.en
        return f"{rng.randint(100, 9999)} {self.fakers[rng.choice(['de_DE', 'it_IT', 'fr_FR'])].last_name()} {rng.choice(['St', 'Street', 'Ave', 'Rd'])} Apt. {rng.randint(1, 999)}, {f.city()}"

    def ja_address(self) -> str:
        """A Japanese address in one of the ways people write them: 丁目番号, hyphens, 番地,
        a bare number after the town, full-width or kanji numerals, with or without a building."""
        rng, f = self.rng, self.ja
        head = f.prefecture() + f.city() + (f.town() if rng.random() < 0.8 else "")
        if rng.random() < 0.15:
            head = f.city() + f.town()
        chome, ban, go = rng.randint(1, 9), rng.randint(1, 40), rng.randint(1, 30)
        form = rng.randrange(7)
        if form == 0:
            rest = f"{chome}丁目{ban}番{go}号"
        elif form == 1:
            rest = f"{chome}-{ban}-{go}"
        elif form == 2:
            rest = f"{rng.randint(1, 999)}"
        elif form == 3:
            rest = f"{ban}番{go}"
        elif form == 4:
            rest = f"{kanji_number(chome)}丁目{kanji_number(ban)}番{kanji_number(go)}号"
        elif form == 5:
            rest = f"{rng.randint(1, 3000)}番地" + (f"{rng.randint(1, 20)}" if rng.random() < 0.4 else "")
        else:
            rest = f"{chome}-{ban}"
        if rng.random() < 0.5:
            rest = rest.translate(FULL_WIDTH)
        tail = ""
        roll = rng.random()
        space = rng.choice([" ", "　"]) if rest[-1] in "0123456789０１２３４５６７８９" else rng.choice([" ", "　", ""])
        if roll < 0.3:
            tail = " " + f.building_name() + str(rng.randint(101, 1205)) + rng.choice(["号室", ""])
        elif roll < 0.45:
            tail = space + f"{rng.randint(101, 905)}号室".translate(FULL_WIDTH if rng.random() < 0.5 else {})
        zip_code = f"〒{f.zipcode()} " if rng.random() < 0.2 else ""
        return zip_code + head + rest + tail

    # ---------------------------------------------------------------- identifiers
    def card(self) -> str:
        number = self.en.credit_card_number(self.rng.choice(
            ["visa16", "visa16", "visa13", "mastercard", "mastercard", "amex", "discover", "jcb16", "diners", "maestro"]))
        if self.rng.random() < 0.4 and len(number) == 16:
            sep = self.rng.choice([" ", "-"])
            number = sep.join(number[i:i + 4] for i in range(0, 16, 4))
        return number

    def iban(self) -> str:
        value = self.western().iban()
        return " ".join(value[i:i + 4] for i in range(0, len(value), 4)) if self.rng.random() < 0.5 else value

    def ssn(self) -> str:
        value = self.en.ssn()
        return value.replace("-", self.rng.choice(["-", "-", " ", ""]))

    def licence(self) -> str:
        rng = self.rng
        letters = "ABCDEFGHJKLMNPRSTWXYZ"
        return rng.choice([f"{rng.choice(letters)}{rng.randint(1000000, 9999999)}",
                           f"{rng.choice(letters)}{rng.randint(100, 999)}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
                           f"{rng.randint(100000000, 999999999)}",
                           f"{rng.choice(letters)}{rng.choice(letters)}{rng.randint(100000, 999999)}"])

    def passport(self) -> str:
        return self.western().passport_number() if self.rng.random() < 0.6 else f"{self.rng.choice('TMNRZ')}{self.rng.choice('KZRA')}{self.rng.randint(1000000, 9999999)}"

    def my_number(self) -> str:
        from stdnum.jp import in_
        body = "".join(str(self.rng.randint(0, 9)) for _ in range(11))
        number = body + in_.calc_check_digit(body)
        return " ".join(number[i:i + 4] for i in range(0, 12, 4)) if self.rng.random() < 0.5 else number

    def ip(self) -> str:
        return self.en.ipv4_public() if self.rng.random() < 0.6 else self.en.ipv6()

    def company(self) -> str:
        return self.western().company()


# Templates: {slot} is filled with a value of the slot's type; every slot is labeled personal-info
# with that type. A slot written {name} is a private person's name tied to the data beside it.
EN_TEMPLATES = {
    "phone": [
        "Text my sister at {phone} if you want the couch.",
        "{name} lost her dog near the park, call her at {phone} if you see him!",
        "My cousin is stuck at the airport, his mobile is {phone} if anyone is nearby.",
        "new number, who dis 😂 {phone}",
        "Anyone selling a bike? DM or ring my flatmate on {phone}",
        "{name} - {phone} - she's the one with the spare keys",
        "Babysitter recommendation: {name}, {phone}, amazing with toddlers.",
        "@jay_k yeah just call him, {phone}, he won't mind",
        "If I don't pick up, my husband's cell is {phone}.",
        "Lost wallet found by {name}. Reach them on {phone} to collect.",
    ],
    "email": [
        "Send your RSVP to {name} at {email}, she's organising the reunion.",
        "My landlord's email is {email} if anyone wants to complain too 🙃",
        "reach me at {email} for the tickets",
        "Contact {name} ({email}) about the carpool.",
        "ping my brother, {email}, he has the photos",
        "Her personal email: {email}",
    ],
    "address": [
        "Housewarming at my brother's new place, {address} — bring snacks!",
        "Send the cards to my aunt at {address}, she'd love them.",
        "{name} moved to {address}, feel free to drop by.",
        "Package for my neighbour keeps going to {address} instead of ours.",
        "Party tonight at {address}!! 🎉",
        "My grandma lives at {address}, could someone check on her?",
        "Mail for {name} should go to {address} from now on.",
        "Found a lost cat, owner lives at {address}.",
    ],
    "ja-address": [
        "My aunt lives at {ja-address}, drop by if you're in town.",
        "Sending the gift to my friend's place: {ja-address}",
        "{name}'s new apartment is {ja-address}, housewarming on Saturday.",
        "ok the address is {ja-address} see you there",
    ],
    "card": [
        "Found a wallet with a card {card} inside, whose is it?",
        "Use my dad's card {card} for the booking, exp 04/27.",
        "lol my roommate left his credit card number on the fridge: {card}",
        "{name}'s card number is {card}, please charge the deposit.",
        "The card ending up in the lost and found: {card}",
    ],
    "iban": [
        "Chip in for the gift: transfer to {name}'s IBAN {iban} by Friday.",
        "Rent goes to my landlord, IBAN {iban}",
        "send it to {iban} (my sister's account)",
        "Bank details for the deposit: {iban}",
    ],
    "ssn": [
        "My dad's SSN is {ssn}, can you fill in the form for him?",
        "{name}, social security number {ssn}, needs the paperwork today.",
        "The form asked for her SSN so I wrote {ssn}",
    ],
    "licence": [
        "Found a driver's license on the train, license number {licence}, DM me if it's your friend's.",
        "{name}'s driver's licence no. {licence} was on the rental form.",
        "DL# {licence} belongs to my coworker, he dropped it.",
    ],
    "passport": [
        "{name}'s passport no. {passport} is needed for the booking.",
        "The passport on the bench belongs to {name}, passport number {passport}.",
        "My mum's passport number is {passport}, renewal is due.",
    ],
    "ip": [
        "My neighbour keeps hammering our wifi from {ip}, how do I block him?",
        "{log_time} sshd[2213]: Failed password for root from {ip} port 52144 ssh2",
        "lol my brother's gaming PC is at {ip}, port forwarding finally works",
        "The troll's IP is {ip}, reported.",
        "[{log_time}] GET /login 401 client={ip} ua=curl/8.1",
    ],
}

JA_TEMPLATES = {
    "phone": [
        "同僚の携帯は{ja-phone}です。連絡してあげてください。",
        "{ja-name}さんの電話番号は{ja-phone}なので、何かあればどうぞ。",
        "友人の番号、{ja-phone}。急ぎなら電話して",
        "母の携帯→{ja-phone}",
    ],
    "email": [
        "{ja-name}さんのメールは{ja-email}です。",
        "幹事のアドレス{ja-email}に出欠を送ってね",
        "妹のメアドは {ja-email} なので直接どうぞ",
    ],
    "ja-address": [
        "姉の新居はこちら：{ja-address}",
        "叔母の住所は{ja-address}です。",
        "{ja-name}さんの家は{ja-address}にあります。",
        "荷物は{ja-address}の友人宛に送ってください。",
        "実家の住所変わりました→{ja-address}",
        "同僚が{ja-address}に引っ越したらしい",
    ],
    "my-number": [
        "母のマイナンバーは{my-number}です（メモ）",
        "{ja-name}さんの個人番号は{my-number}で登録しておいて。",
    ],
    "card": [
        "落とし物の財布にカード番号{card}のクレジットカードが入っていました。",
        "父のクレカ番号{card}で予約しといた",
    ],
    "passport": [
        "{ja-name}さんのパスポート番号は{passport}です。",
    ],
    "ip": [
        "隣の人がうちのWi-Fiに{ip}から接続してくる…",
        "荒らしのIPアドレスは{ip}でした。通報済み。",
    ],
}

# Clean drafts: public contact points (at most info) and numbers that are no personal data.
EN_CLEAN = [
    "{company}'s domestic reservations line is {business-phone}, open 24/7.",
    "Call {company} at {business-phone} to change your booking.",
    "Customer service for {company}: {business-phone} (toll-free).",
    "Questions about your order? Our support line is {business-phone}.",
    "The city hall is at {public-address}, open weekdays 9-5.",
    "Visit our new head office at {org-address}! Details: https://harborfinch.example/news/new-office",
    "We moved! Harbor & Finch is now at {org-address}.",
    "Shipped version {version} to {count} users on {date}.",
    "Final score 3-2, what a game! Kickoff was at 19:30.",
    "Order #{order} is on its way, tracking says Tuesday.",
    "Our booth is #{booth} at the expo, come say hi!",
    "Room temperature went from 18.5 to 21.0 degrees overnight.",
    "Benchmarks: {count} requests in {ms} ms, p99 {ms} ms.",
]

JA_CLEAN = [
    "{ja-company}の予約センター（{business-phone}）にお問い合わせください。",
    "渋谷区役所（{public-ja-address}）で手続きしてきました。",
    "区役所の窓口 {business-phone} に電話したら親切に教えてくれた。",
    "{ja-company}のカスタマーサポートは{business-phone}です。",
    "新本社の住所は{org-ja-address}です。詳しくはお知らせをご覧ください https://harborfinch.example/news/ja/office",
    "会場は{public-ja-address}の市民ホールです。",
    "今年の売上は前年比{percent}%でした。",
    "バージョン{version}を{date}にリリースしました。",
    "注文番号{order}は発送済みです。",
    "3-2-1の陣形で試合に臨みました。",
]

ORG_ADDRESSES = ["500 Harbor Point Drive, Suite 300, Portland, OR 97209", "東京都港区海岸1丁目7番1号"]


def fill(template: str, values: Values, rng: random.Random) -> tuple[str, list[dict]]:
    """The template with its slots filled, and the expected finding of each labeled slot."""
    text, expect = "", []
    rest = template
    while "{" in rest:
        before, _, after = rest.partition("{")
        slot, _, rest = after.partition("}")
        text += before
        value = slot_value(slot, values, rng)
        label = LABELS.get(slot)
        if label and value not in text:
            expect.append({"category": "personal-info", "match": value, "type": label})
        text += value
    return text + rest, expect


LABELS = {"phone": "phone", "ja-phone": "phone", "email": "email", "ja-email": "email", "address": "address",
          "ja-address": "ja-address", "card": "card", "iban": "iban", "ssn": "ssn", "licence": "licence",
          "passport": "passport", "my-number": "my-number", "ip": "ip", "name": "name", "ja-name": "name"}


def slot_value(slot: str, v: Values, rng: random.Random) -> str:
    simple = {"phone": v.phone, "ja-phone": v.ja_phone, "email": v.email, "ja-email": v.ja_email,
              "address": v.address, "ja-address": v.ja_address, "card": v.card, "iban": v.iban, "ssn": v.ssn,
              "licence": v.licence, "passport": v.passport, "my-number": v.my_number, "ip": v.ip,
              "name": v.name, "ja-name": v.ja_name, "company": v.company}
    if slot in simple:
        return simple[slot]()
    if slot == "log_time":
        return f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
    if slot == "business-phone":
        return rng.choice([f"{rng.randint(201, 989)}-555-0{rng.randint(100, 199)}", f"0{rng.choice([3, 6, 45, 52])}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
                           f"0570-0{rng.randint(10, 99)}-{rng.randint(100, 999)}",
                           f"0120-{rng.randint(100, 999)}-{rng.randint(100, 999)}", f"1-800-{rng.randint(200, 999)}-{rng.randint(1000, 9999)}"])
    if slot == "public-address":
        return f"{v.en.building_number()} {v.en.street_name()}"
    if slot == "public-ja-address":
        return v.ja.prefecture() + v.ja.city() + v.ja.town() + f"{rng.randint(1, 9)}-{rng.randint(1, 30)}"
    if slot == "org-address":
        return ORG_ADDRESSES[0]
    if slot == "org-ja-address":
        return ORG_ADDRESSES[1]
    if slot == "ja-company":
        return v.ja.company()
    if slot == "version":
        return f"{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}"
    if slot == "count":
        return f"{rng.randint(2, 99)},{rng.randint(100, 999)}"
    if slot == "date":
        return f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if slot == "order":
        return f"{rng.randint(10, 99)}-{rng.randint(100000, 999999)}"
    if slot == "booth":
        return str(rng.randint(1, 400))
    if slot == "ms":
        return str(rng.randint(2, 900))
    if slot == "percent":
        return str(rng.randint(80, 180))
    raise KeyError(slot)


def generate(seed: int, per_template: int) -> list[dict]:
    """Every template filled per_template times (clean ones too), in a fixed order."""
    rng = random.Random(seed)
    values = Values(seed)
    cases = []
    for lang, templates, clean in (("en", EN_TEMPLATES, EN_CLEAN), ("ja", JA_TEMPLATES, JA_CLEAN)):
        for kind, group in templates.items():
            for t, template in enumerate(group):
                for n in range(per_template):
                    text, expect = fill(template, values, rng)
                    cases.append({"id": f"gen-{lang}-{kind}-{t:02d}-{n:03d}", "lang": lang, "text": text,
                                  "expect": expect, "note": f"generated: {kind}"})
        for t, template in enumerate(clean):
            for n in range(per_template):
                text, _ = fill(template, values, rng)
                cases.append({"id": f"gen-{lang}-clean-{t:02d}-{n:03d}", "lang": lang, "text": text,
                              "expect": [], "note": "generated: clean (a public contact point, or no personal data)"})
    return cases


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--per-template", type=int, default=30)
    ap.add_argument("--out", type=Path, default=HERE / "cases.jsonl")
    args = ap.parse_args()
    cases = generate(args.seed, args.per_template)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        for case in cases:
            f.write(json.dumps(case, ensure_ascii=False) + "\n")
    print(f"{len(cases)} drafts -> {args.out}")


if __name__ == "__main__":
    main()
