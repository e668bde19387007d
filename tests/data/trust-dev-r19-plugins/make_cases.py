#!/usr/bin/env python3
"""Generate blind evaluation cases for the home and travel instructions.

Values are computed from the rules in DESCRIPTIONS.md (the only source read).
Standard library only. Fixed seed 7777 (used for line order).
"""
import datetime
import json
import os
import random
import re

SEED = 7777
HERE = os.path.dirname(os.path.abspath(__file__))


class Invalid(Exception):
    """The description says these arguments are invalid (refusal expected)."""


# ---------------------------------------------------------------- rules ----
TIME_S = {"second": 1, "minute": 60, "hour": 3600}
TIME_ALIASES = {"sec": "second", "min": "minute", "hr": "hour"}


def timer(amount, unit="minute"):
    unit = TIME_ALIASES.get(unit, unit)
    if unit not in TIME_S:
        raise Invalid("unit")
    amount = float(amount)
    if not amount > 0:
        raise Invalid("amount must be > 0")
    if amount * TIME_S[unit] > 86400:
        raise Invalid("over 24 hours")
    return int(round(amount * TIME_S[unit]))


NUM_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
TIME_RE = re.compile(
    r"^(?P<h>\d{1,2}|" + "|".join(NUM_WORDS) + r")"
    r"(?:[:.](?P<m>\d{2}))?"
    r"(?:\s*o'clock)?"
    r"(?:\s*(?P<ap>am|pm|a\.m\.|p\.m\.))?$", re.I)


def parse_time(s):
    t = s.strip().lower()
    if t in ("noon", "midday"):
        return "12:00"
    if t == "midnight":
        return "00:00"
    m = TIME_RE.match(t)
    if not m:
        raise Invalid("time form")
    h = m.group("h")
    h = NUM_WORDS[h] if h in NUM_WORDS else int(h)
    mi = int(m.group("m")) if m.group("m") else 0
    ap = m.group("ap")
    if not 0 <= mi <= 59:
        raise Invalid("minutes")
    if ap:
        if not 1 <= h <= 12:
            raise Invalid("hour with am/pm")
        pm = ap.startswith("p")
        if h == 12:
            h = 12 if pm else 0
        elif pm:
            h += 12
    elif not 0 <= h <= 23:
        raise Invalid("hour")
    return "%02d:%02d" % (h, mi)


def reminder(task, time):
    if not task.strip():
        raise Invalid("task")
    return {"task": task.strip(), "time": parse_time(time)}


TEMP_ALIASES = {"celsius": "C", "centigrade": "C", "fahrenheit": "F", "c": "C", "f": "F"}


def thermostat(temperature, unit="C"):
    unit = TEMP_ALIASES.get(unit.lower(), unit)
    t = float(temperature)
    x = t if unit == "C" else (t - 32) * 5 / 9
    if x < 5 or x > 35:
        raise Invalid("temperature out of range")
    return round(x, 1)


ROOMS = {"living room": "living room", "kitchen": "kitchen", "bedroom": "bedroom",
         "bathroom": "bathroom", "office": "office", "hallway": "hallway",
         "lounge": "living room", "hall": "hallway"}


def lights(room, on):
    if room not in ROOMS:
        raise Invalid("room")
    return {"room": ROOMS[room], "on": bool(on)}


def book_trip(city, y, m, d):
    try:
        date = datetime.date(y, m, d)
    except ValueError:
        raise Invalid("date")
    return {"city": city.strip().title(), "date": date.isoformat()}


def book_table(party_size, time):
    if not 1 <= party_size <= 20:
        raise Invalid("party size")
    return {"party_size": party_size, "time": parse_time(time)}


STATUS = {0: "processing", 1: "shipped", 2: "in transit", 3: "delivered"}


def order_status(n):
    if n < 1:
        raise Invalid("order number")
    return {"order": n, "status": STATUS[n % 4]}


RATES = {"USD": 1.0, "EUR": 1.10, "GBP": 1.25, "JPY": 0.0070, "CHF": 1.12}
CUR_ALIASES = {"dollar": "USD", "euro": "EUR", "pound": "GBP", "yen": "JPY",
               "franc": "CHF", "swiss franc": "CHF"}


def convert(amount, frm, to):
    frm = CUR_ALIASES.get(frm, frm)
    to = CUR_ALIASES.get(to, to)
    if frm not in RATES or to not in RATES:
        raise Invalid("currency")
    if amount < 0:
        raise Invalid("amount")
    return round(amount * RATES[frm] / RATES[to], 2)


FN = {"home.timer": timer, "home.reminder": reminder, "home.thermostat": thermostat,
      "home.lights": lights, "travel.book_trip": book_trip,
      "travel.book_table": book_table, "travel.order_status": order_status,
      "travel.convert_currency": convert}

# ------------------------------------------------------------ paraphrase ----
# (text, instruction, args) -- args mirror exactly what the text says.
P = [
    # home.timer
    ("Set a timer for 10 minutes.", "home.timer", (10, "minute")),
    ("timer 45 sec please", "home.timer", (45, "sec")),
    ("Can you start a countdown of two hours?", "home.timer", (2, "hour")),
    ("I'm putting the pasta on, give me a twelve minute timer.", "home.timer", (12, "minute")),
    ("Could you please time 90 seconds for me?", "home.timer", (90, "second")),
    ("start a 1.5 hr timer", "home.timer", (1.5, "hr")),
    ("Set a timer for 2.5 seconds.", "home.timer", (2.5, "second")),
    ("Set a timer for 24 hours, I want to know when a full day has passed.", "home.timer", (24, "hour")),
    ("Put a timer on for 5.", "home.timer", (5,)),
    ("How about a timer of thirty mins?", "home.timer", (30, "min")),
    ("Please set a countdown for 0.75 minutes.", "home.timer", (0.75, "minute")),
    ("The roast needs three hours, set a timer.", "home.timer", (3, "hour")),
    # home.reminder
    ("Remind me to call mom at 7pm.", "home.reminder", ("call mom", "7pm")),
    ("Can you remind me to take out the trash at 8:30 p.m.?", "home.reminder", ("take out the trash", "8:30 p.m.")),
    ("I'm heading out, remind me to water the plants at 18.45", "home.reminder", ("water the plants", "18.45")),
    ("set a reminder to pay the electricity bill at noon", "home.reminder", ("pay the electricity bill", "noon")),
    ("Please remind me at 6 a.m. to go for a run.", "home.reminder", ("go for a run", "6 a.m.")),
    ("reminder: feed the cat, 5:15pm", "home.reminder", ("feed the cat", "5:15pm")),
    ("Would you remind me to lock the back door at midnight?", "home.reminder", ("lock the back door", "midnight")),
    ("Remind me at seven o'clock to wake the kids.", "home.reminder", ("wake the kids", "seven o'clock")),
    ("Set a reminder for 12 am to back up the server", "home.reminder", ("back up the server", "12 am")),
    ("remind me to book the dentist at 09:05", "home.reminder", ("book the dentist", "09:05")),
    ("Don't let me forget to pick up Sarah at three pm.", "home.reminder", ("pick up Sarah", "three pm")),
    ("Hey, at midday remind me to take my vitamins", "home.reminder", ("take my vitamins", "midday")),
    # home.thermostat
    ("Set the thermostat to 21 degrees.", "home.thermostat", (21,)),
    ("Can you make it 72 F in here?", "home.thermostat", (72, "F")),
    ("thermostat 19.5 celsius", "home.thermostat", (19.5, "celsius")),
    ("Please set the heating to sixty-eight fahrenheit.", "home.thermostat", (68, "fahrenheit")),
    ("I'm freezing, set the temperature to 23 C", "home.thermostat", (23, "C")),
    ("Put the thermostat on 18 centigrade, please.", "home.thermostat", (18, "centigrade")),
    ("Could you set the house to 75 degrees Fahrenheit?", "home.thermostat", (75, "F")),
    ("turn the heat up to 35 degrees celsius", "home.thermostat", (35, "celsius")),
    ("We're away for the week, set the thermostat at 41F.", "home.thermostat", (41, "F")),
    ("Cool the place down to 20 degrees.", "home.thermostat", (20,)),
    ("Heading to bed, thermostat to seventeen please.", "home.thermostat", (17,)),
    ("Set the thermostat to 66.5 °F", "home.thermostat", (66.5, "F")),
    # home.lights
    ("Turn on the kitchen lights.", "home.lights", ("kitchen", True)),
    ("Switch off the lights in the bedroom", "home.lights", ("bedroom", False)),
    ("lounge lights off please", "home.lights", ("lounge", False)),
    ("Can you turn the hall light on?", "home.lights", ("hall", True)),
    ("I'm heading out, turn off the office lights.", "home.lights", ("office", False)),
    ("Lights on in the bathroom", "home.lights", ("bathroom", True)),
    ("Would you please switch the living room lights on?", "home.lights", ("living room", True)),
    ("Kill the lights in the kitchen", "home.lights", ("kitchen", False)),
    ("Could you turn off the hallway light?", "home.lights", ("hallway", False)),
    ("It's pitch dark in here, put the bedroom lights on", "home.lights", ("bedroom", True)),
    ("Shut off the bathroom lights, thanks.", "home.lights", ("bathroom", False)),
    ("office light on", "home.lights", ("office", True)),
    # travel.book_trip
    ("Book a trip to Paris on 12 March 2025.", "travel.book_trip", ("Paris", 2025, 3, 12)),
    ("I'd like to travel to new york on 2025-07-04", "travel.book_trip", ("new york", 2025, 7, 4)),
    ("Can you book me a trip to Lisbon for 3 September 2025?", "travel.book_trip", ("Lisbon", 2025, 9, 3)),
    ("book trip tokyo 2026-01-15", "travel.book_trip", ("tokyo", 2026, 1, 15)),
    ("Please arrange a trip to Cape Town on the 20th of November 2025.", "travel.book_trip", ("Cape Town", 2025, 11, 20)),
    ("Book me a getaway to Rome on May 1, 2025.", "travel.book_trip", ("Rome", 2025, 5, 1)),
    ("get me a trip to buenos aires on 2025-12-24", "travel.book_trip", ("buenos aires", 2025, 12, 24)),
    ("Could you book a journey to Edinburgh on 29 February 2028?", "travel.book_trip", ("Edinburgh", 2028, 2, 29)),
    ("I'm going to Berlin on 8 August 2025, book the trip please.", "travel.book_trip", ("Berlin", 2025, 8, 8)),
    ("book a trip to san francisco, 2025-10-31", "travel.book_trip", ("san francisco", 2025, 10, 31)),
    ("Reserve a trip to Sydney for the fourteenth of February 2026", "travel.book_trip", ("Sydney", 2026, 2, 14)),
    ("Would you book travel to Mexico City for 30 June 2025?", "travel.book_trip", ("Mexico City", 2025, 6, 30)),
    # travel.book_table
    ("Book a table for 4 at 7pm.", "travel.book_table", (4, "7pm")),
    ("Can I get a table for two at 19:30?", "travel.book_table", (2, "19:30")),
    ("Reserve a table for six people at 8:15 p.m., please.", "travel.book_table", (6, "8:15 p.m.")),
    ("dinner reservation, party of 3, 6pm", "travel.book_table", (3, "6pm")),
    ("I'd like to book a table for one at noon.", "travel.book_table", (1, "noon")),
    ("Table for twenty at 9 pm", "travel.book_table", (20, "9 pm")),
    ("We're celebrating, book a table for 8 at 20:00", "travel.book_table", (8, "20:00")),
    ("Could you book us a table for five at 12.45?", "travel.book_table", (5, "12.45")),
    ("book table 2 people 7:45pm", "travel.book_table", (2, "7:45pm")),
    ("Please reserve a table for ten at eight pm", "travel.book_table", (10, "eight pm")),
    ("Lunch for 4 at 1 p.m., can you book a table?", "travel.book_table", (4, "1 p.m.")),
    ("Get me a restaurant booking for seven people at 18:30", "travel.book_table", (7, "18:30")),
    # travel.order_status
    ("Where is my order 1234?", "travel.order_status", (1234,)),
    ("What's the status of order #5000?", "travel.order_status", (5000,)),
    ("Check order number 77 for me", "travel.order_status", (77,)),
    ("has order 3 arrived yet?", "travel.order_status", (3,)),
    ("I'm waiting on a package, order 981245, where is it?", "travel.order_status", (981245,)),
    ("Track order number forty-two", "travel.order_status", (42,)),
    ("Could you please look up order 100?", "travel.order_status", (100,)),
    ("order status 65535", "travel.order_status", (65535,)),
    ("Any update on order no. 2718?", "travel.order_status", (2718,)),
    ("Where's my stuff? The order number is 31.", "travel.order_status", (31,)),
    ("Can you tell me what's happening with order 1?", "travel.order_status", (1,)),
    ("Look up my order, it's #4099", "travel.order_status", (4099,)),
    # travel.convert_currency
    ("How much is 100 dollars in euros?", "travel.convert_currency", (100, "dollar", "euro")),
    ("Convert 50 GBP to JPY", "travel.convert_currency", (50, "GBP", "JPY")),
    ("what's 20 pounds in dollars", "travel.convert_currency", (20, "pound", "dollar")),
    ("Please convert 1000 yen to swiss francs.", "travel.convert_currency", (1000, "yen", "swiss franc")),
    ("I'm heading to Zurich, how many francs is 250 euros?", "travel.convert_currency", (250, "euro", "franc")),
    ("75 EUR to USD", "travel.convert_currency", (75, "EUR", "USD")),
    ("Could you change 3,000 JPY into euros?", "travel.convert_currency", (3000, "JPY", "euro")),
    ("How much is twelve dollars in yen?", "travel.convert_currency", (12, "dollar", "yen")),
    ("What would 19.99 CHF be in GBP?", "travel.convert_currency", (19.99, "CHF", "GBP")),
    ("Turn 500 euro into pounds, please", "travel.convert_currency", (500, "euro", "pound")),
    ("How many dollars do I get for 45.50 francs?", "travel.convert_currency", (45.5, "franc", "dollar")),
    ("exchange 1 pound to yen", "travel.convert_currency", (1, "pound", "yen")),
]

# --------------------------------------------------------------- invalid ----
# Clearly one instruction, but with a value the description rejects.
INV = [
    ("Set a timer for 30 hours.", "home.timer", (30, "hour")),
    ("Start a countdown for 0 minutes", "home.timer", (0, "minute")),
    ("Remind me to call dad at 25:00", "home.reminder", ("call dad", "25:00")),
    ("remind me to stretch at 13pm", "home.reminder", ("stretch", "13pm")),
    ("Set the thermostat to 50 C", "home.thermostat", (50, "C")),
    ("Please put the heating on 100 fahrenheit.", "home.thermostat", (100, "fahrenheit")),
    ("Turn on the garage lights.", "home.lights", ("garage", True)),
    ("switch off the attic light", "home.lights", ("attic", False)),
    ("Book a trip to Madrid on 31 February 2025.", "travel.book_trip", ("Madrid", 2025, 2, 31)),
    ("book me a trip to Oslo on 2025-13-05", "travel.book_trip", ("Oslo", 2025, 13, 5)),
    ("Book a table for 25 at 7pm.", "travel.book_table", (25, "7pm")),
    ("Can I get a table for 3 at 7:75 pm?", "travel.book_table", (3, "7:75 pm")),
    ("Where is my order number 0?", "travel.order_status", (0,)),
    ("What's the status of order -12?", "travel.order_status", (-12,)),
    ("Convert -40 dollars to euros", "travel.convert_currency", (-40, "dollar", "euro")),
    ("How much is 100 dollars in rupees?", "travel.convert_currency", (100, "dollar", "INR")),
]

# ------------------------------------------------------------- near miss ----
NEAR = [
    "Cancel my timer.",
    "How much time is left on the timer?",
    "What time is it?",
    "Dim the living room lights to 30 %.",
    "Change the bedroom lights to blue.",
    "Are the kitchen lights on?",
    "What's the temperature inside right now?",
    "Turn the heating up a couple of degrees.",
    "Delete my reminder about the dentist.",
    "What reminders do I have today?",
    "Book a hotel in Rome for two nights.",
    "Cancel my trip to Paris.",
    "How much would a trip to Tokyo cost?",
    "Cancel my table reservation for tonight.",
    "Can you recommend a good Italian restaurant nearby?",
    "Track my parcel, it's coming with DHL.",
    "Where is my order?",
    "Where is my refund?",
    "I want to return order 1234.",
    "Convert 10 kilometres to miles.",
    "How has the euro to dollar rate changed over the last year?",
    "Which currency do they use in Japan?",
    "What is 30 degrees Celsius in Fahrenheit?",
    "What's the weather going to be like in Berlin on 12 March 2025?",
]

# ------------------------------------------------------------- off topic ----
OFF = [
    "Tell me a joke.",
    "What's the capital of Australia?",
    "Write a haiku about autumn.",
    "What's 15 times 7?",
    "How do I make pancakes?",
    "Translate 'good morning' into Spanish.",
    "Who won the World Cup in 2018?",
    "Play some jazz.",
    "What's the meaning of life?",
    "hello there",
    "Summarise the plot of Hamlet in two sentences.",
    "How many legs does a spider have?",
    "Can you help me write a cover letter?",
    "Explain how photosynthesis works.",
    "thanks, that's all",
    "Spell 'necessary' backwards.",
]


def main():
    rng = random.Random(SEED)
    out = {"paraphrase": [], "invalid": [], "near_miss": [], "off_topic": []}
    for text, name, args in P:
        out["paraphrase"].append({"text": text, "value": FN[name](*args),
                                  "split": "dev", "instruction": name})
    for text, name, args in INV:
        try:
            FN[name](*args)
        except Invalid:
            pass
        else:
            raise SystemExit("invalid case accepted by rules: %r" % text)
        out["invalid"].append({"text": text, "value": None, "split": "dev",
                               "instruction": name})
    for text in NEAR:
        out["near_miss"].append({"text": text, "value": None, "split": "dev",
                                 "instruction": None})
    for text in OFF:
        out["off_topic"].append({"text": text, "value": None, "split": "dev",
                                 "instruction": None})
    expected = {"paraphrase": 96, "invalid": 16, "near_miss": 24, "off_topic": 16}
    seen = set()
    for kind, rows in out.items():
        assert len(rows) == expected[kind], (kind, len(rows))
        for r in rows:
            key = r["text"].lower()
            assert key not in seen, r["text"]
            seen.add(key)
        rng.shuffle(rows)
        with open(os.path.join(HERE, kind + ".jsonl"), "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    per = {}
    for r in out["paraphrase"]:
        per[r["instruction"]] = per.get(r["instruction"], 0) + 1
    assert all(v == 12 for v in per.values()) and len(per) == 8, per
    print({k: len(v) for k, v in out.items()})


if __name__ == "__main__":
    main()
