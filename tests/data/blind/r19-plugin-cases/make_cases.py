#!/usr/bin/env python3
"""Blind evaluation cases for the home/travel plugin instructions.

Values are computed from the rules in DESCRIPTIONS.md (reimplemented below);
null means the only right outcome is a refusal.  Fixed seed 31.
"""
import datetime
import json
import os
import random
import re

SEED = 31
OUT = os.path.dirname(os.path.abspath(__file__))


class Invalid(Exception):
    pass


# --------------------------------------------------------------------------
# Reference semantics, straight from DESCRIPTIONS.md
# --------------------------------------------------------------------------
UNIT_SECONDS = {"second": 1, "sec": 1, "minute": 60, "min": 60, "hour": 3600, "hr": 3600}


def timer(amount, unit=None):
    unit = unit or "minute"
    amount = float(amount)
    if unit not in UNIT_SECONDS:
        raise Invalid("unit")
    if not amount > 0:
        raise Invalid("amount must be > 0")
    total = int(round(amount * UNIT_SECONDS[unit]))
    if amount * UNIT_SECONDS[unit] > 86400:
        raise Invalid("over 24 hours")
    return total


NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven",
                "eight", "nine", "ten", "eleven", "twelve"]
TIME_RE = re.compile(
    r"^(?:(?P<h>\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"
    r"(?:[:.](?P<m>\d{2}))?"
    r"(?:\s*o'clock)?"
    r"(?:\s*(?P<ap>am|pm|a\.m\.|p\.m\.))?"
    r"|(?P<word>noon|midday|midnight))$",
    re.IGNORECASE)


def parse_time(s):
    m = TIME_RE.match(s.strip())
    if not m:
        raise Invalid("time form")
    if m.group("word"):
        return "00:00" if m.group("word").lower() == "midnight" else "12:00"
    h = m.group("h").lower()
    hour = NUMBER_WORDS.index(h) if h in NUMBER_WORDS else int(h)
    minute = int(m.group("m")) if m.group("m") else 0
    ap = m.group("ap")
    if minute > 59:
        raise Invalid("minute")
    if ap:
        ap = ap.lower().replace(".", "")
        if not 1 <= hour <= 12:
            raise Invalid("hour with am/pm")
        if ap == "am":
            hour = 0 if hour == 12 else hour
        else:
            hour = 12 if hour == 12 else hour + 12
    elif not 0 <= hour <= 23:
        raise Invalid("hour")
    return "%02d:%02d" % (hour, minute)


def reminder(task, time):
    if not task.strip():
        raise Invalid("task")
    return {"task": task.strip(), "time": parse_time(time)}


TEMP_UNITS = {"c": "C", "f": "F", "celsius": "C", "centigrade": "C", "fahrenheit": "F"}


def thermostat(temperature, unit=None):
    unit = TEMP_UNITS[(unit or "C").lower()]
    temperature = float(temperature)
    x = temperature if unit == "C" else (temperature - 32) * 5 / 9
    if x < 5 or x > 35:
        raise Invalid("temperature range")
    return round(x, 1)


ROOMS = {"living room": "living room", "kitchen": "kitchen", "bedroom": "bedroom",
         "bathroom": "bathroom", "office": "office", "hallway": "hallway",
         "lounge": "living room", "hall": "hallway"}


def lights(room, on):
    if room.lower() not in ROOMS:
        raise Invalid("room")
    return {"room": ROOMS[room.lower()], "on": bool(on)}


def book_trip(city, y, mo, d):
    try:
        date = datetime.date(y, mo, d)
    except ValueError as e:
        raise Invalid(str(e))
    return {"city": city.strip().title(), "date": date.isoformat()}


def book_table(party_size, time):
    if not 1 <= party_size <= 20:
        raise Invalid("party size")
    return {"party_size": party_size, "time": parse_time(time)}


STATUSES = {0: "processing", 1: "shipped", 2: "in transit", 3: "delivered"}


def order_status(n):
    if n < 1:
        raise Invalid("order number")
    return {"order": n, "status": STATUSES[n % 4]}


RATES = {"USD": 1.0, "EUR": 1.10, "GBP": 1.25, "JPY": 0.0070, "CHF": 1.12}
CUR_NAMES = {"dollar": "USD", "euro": "EUR", "pound": "GBP", "yen": "JPY",
             "franc": "CHF", "swiss franc": "CHF"}


def cur(name):
    n = name.strip()
    if n.upper() in RATES:
        return n.upper()
    n = n.lower()
    if n.endswith("s") and n[:-1] in CUR_NAMES:
        n = n[:-1]
    if n not in CUR_NAMES:
        raise Invalid("currency")
    return CUR_NAMES[n]


def convert(amount, frm, to):
    amount = float(amount)
    if amount < 0:
        raise Invalid("amount")
    return round(amount * RATES[cur(frm)] / RATES[cur(to)], 2)


FUNCS = {
    "home.timer": timer, "home.reminder": reminder, "home.thermostat": thermostat,
    "home.lights": lights, "travel.book_trip": book_trip, "travel.book_table": book_table,
    "travel.order_status": order_status, "travel.convert_currency": convert,
}

WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven",
         8: "eight", 9: "nine", 10: "ten", 11: "eleven", 12: "twelve", 15: "fifteen",
         20: "twenty", 25: "twenty-five", 30: "thirty", 40: "forty", 45: "forty-five",
         50: "fifty", 60: "sixty", 64: "sixty-four", 68: "sixty-eight", 70: "seventy",
         90: "ninety"}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def ordinal(d):
    suf = "th" if 11 <= d % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
    return "%d%s" % (d, suf)


def fmt_date(y, m, d, style):
    if style == "iso":
        return "%04d-%02d-%02d" % (y, m, d)
    if style == "dmy":
        return "%d %s %d" % (d, MONTHS[m - 1], y)
    if style == "mdy":
        return "%s %d, %d" % (MONTHS[m - 1], d, y)
    if style == "ord":
        return "the %s of %s %d" % (ordinal(d), MONTHS[m - 1], y)
    raise ValueError(style)


# --------------------------------------------------------------------------
# paraphrase: 12 per instruction
# --------------------------------------------------------------------------
def paraphrases(rng):
    out = []

    def add(name, text, *args):
        out.append({"text": text, "value": FUNCS[name](*args), "split": "heldout",
                    "instruction": name})

    # ---- home.timer
    n = rng.randint(3, 45)
    add("home.timer", "Set a timer for %d minutes." % n, n, "minute")
    n = rng.randint(2, 30)
    add("home.timer", "timer %d min" % n, n, "min")
    n = rng.choice([15, 20, 30, 45])
    add("home.timer", "Could you start a %d-second countdown, please?" % n, n, "second")
    n = rng.choice([5, 8, 12, 25])
    add("home.timer", "I'm putting the pasta on, give me a timer for %s minutes"
        % WORDS[n], n, "minute")
    x = rng.choice([1.5, 2.5, 3.5])
    add("home.timer", "Start a %s hour timer" % x, x, "hour")
    n = rng.randint(2, 6)
    add("home.timer", "Countdown of %d hr please" % n, n, "hr")
    n = rng.choice([10, 20, 35])
    add("home.timer", "Just set a timer for %d" % n, n, None)
    n = rng.choice([40, 60, 90])
    add("home.timer", "Please count down %s seconds for me." % WORDS[n], n, "second")
    x = rng.choice([0.75, 2.5, 4.5])
    add("home.timer", "I need a %s-minute timer for the tea" % x, x, "minute")
    add("home.timer", "Would you mind starting a timer of 2.5 seconds?", 2.5, "second")
    add("home.timer", "I'm heading into a long shift, set a 24 hour timer", 24, "hour")
    n = rng.choice([75, 100, 150])
    add("home.timer", "Hey, can you time %d secs for me?" % n, n, "sec")

    # ---- home.reminder
    tasks = ["call Mom", "water the plants", "take the bins out", "pick up Sarah from school",
             "pay the electricity bill", "book a dentist appointment", "send the report to Mark",
             "take my vitamins", "move the car", "feed the cat", "check the oven", "buy milk"]
    rng.shuffle(tasks)
    h = rng.randint(1, 11)
    t = "%dpm" % h
    add("home.reminder", "Remind me to %s at %s" % (tasks[0], t), tasks[0], t)
    t = "%d:%02d" % (rng.randint(13, 22), rng.choice([15, 30, 45]))
    add("home.reminder", "Can you remind me at %s to %s?" % (t, tasks[1]), tasks[1], t)
    t = "%d.%02d pm" % (rng.randint(1, 11), rng.choice([10, 15, 20, 40]))
    add("home.reminder", "Set a reminder to %s, %s" % (tasks[2], t), tasks[2], t)
    add("home.reminder", "I'm heading out, remind me to %s at noon" % tasks[3], tasks[3], "noon")
    t = "%s o'clock" % WORDS[rng.randint(6, 10)]
    add("home.reminder", "Please set a reminder to %s at %s" % (tasks[4], t), tasks[4], t)
    add("home.reminder", "Remind me at midnight to %s" % tasks[5], tasks[5], "midnight")
    t = "%d a.m." % rng.randint(6, 11)
    add("home.reminder", "Don't let me forget to %s, remind me at %s" % (tasks[6], t), tasks[6], t)
    t = "%02d:%02d" % (rng.randint(5, 9), rng.choice([5, 25, 50]))
    add("home.reminder", "At %s, remind me to %s." % (t, tasks[7]), tasks[7], t)
    add("home.reminder", "hey remind me to %s at 12pm" % tasks[8], tasks[8], "12pm")
    t = "%d.%02dam" % (rng.randint(7, 10), rng.choice([15, 30, 45]))
    add("home.reminder", "Could you please remind me to %s at %s? Thanks!" % (tasks[9], t),
        tasks[9], t)
    add("home.reminder", "Set a reminder at midday to %s" % tasks[10], tasks[10], "midday")
    t = "%s p.m." % WORDS[rng.randint(3, 9)]
    add("home.reminder", "Reminder please: %s at %s" % (tasks[11], t), tasks[11], t)

    # ---- home.thermostat
    c = rng.randint(18, 24)
    add("home.thermostat", "Set the thermostat to %d degrees" % c, c, None)
    f = rng.choice([66, 70, 72, 74])
    add("home.thermostat", "Make it %d Fahrenheit in here" % f, f, "fahrenheit")
    c = rng.choice([21.5, 22.5, 23.5])
    add("home.thermostat", "Can you turn the heating up to %s°C?" % c, c, "C")
    c = rng.randint(16, 22)
    add("home.thermostat", "thermostat %d celsius" % c, c, "celsius")
    add("home.thermostat", "I'm freezing, set the temperature to 68°F please", 68, "F")
    add("home.thermostat", "Please set the heat to twenty degrees centigrade", 20, "centigrade")
    c = rng.randint(15, 18)
    add("home.thermostat", "Could you drop the thermostat to %d C?" % c, c, "C")
    add("home.thermostat", "Going to bed, thermostat to sixty-four F", 64, "F")
    c = rng.choice([19.5, 20.5])
    add("home.thermostat", "Set temperature %s" % c, c, None)
    f = rng.choice([73, 75, 77])
    add("home.thermostat", "Cool the house down to %d degrees fahrenheit" % f, f, "fahrenheit")
    c = rng.randint(17, 21)
    add("home.thermostat", "I'd like the thermostat at %d degrees Celsius, thanks" % c, c, "celsius")
    add("home.thermostat", "Warm it up to seventy degrees F", 70, "F")

    # ---- home.lights
    rooms = ["kitchen", "bedroom", "lounge", "hall", "living room", "bathroom", "office",
             "hallway", "kitchen", "bedroom", "lounge", "bathroom"]
    rng.shuffle(rooms)
    add("home.lights", "Turn on the %s lights" % rooms[0], rooms[0], True)
    add("home.lights", "switch off the lights in the %s" % rooms[1], rooms[1], False)
    add("home.lights", "%s lights on please" % rooms[2], rooms[2], True)
    add("home.lights", "Can you turn the %s light off?" % rooms[3], rooms[3], False)
    add("home.lights", "I'm off to sleep, turn the lights off in the %s" % rooms[4],
        rooms[4], False)
    add("home.lights", "Lights off in the %s" % rooms[5], rooms[5], False)
    add("home.lights", "Could you switch the %s lights on?" % rooms[6], rooms[6], True)
    add("home.lights", "Please turn the %s lights on" % rooms[7], rooms[7], True)
    add("home.lights", "It's dark in the %s, put the lights on" % rooms[8], rooms[8], True)
    add("home.lights", "Turn the lights off in the %s, I'm done for the day" % rooms[9],
        rooms[9], False)
    add("home.lights", "Would you mind switching on the lights in the %s?" % rooms[10],
        rooms[10], True)
    add("home.lights", "%s lights: off" % rooms[11].capitalize(), rooms[11], False)

    # ---- travel.book_trip
    cities = ["paris", "new york", "Lisbon", "tokyo", "Rome", "san francisco", "Berlin",
              "buenos aires", "cape town", "Mexico City", "rio de janeiro", "Amsterdam"]
    styles = ["dmy", "iso", "ord", "iso", "mdy", "dmy", "iso", "dmy", "dmy", "iso", "dmy", "mdy"]
    dates = []
    for _ in range(12):
        y = rng.choice([2025, 2026])
        m = rng.randint(1, 12)
        d = rng.randint(1, 28)
        dates.append((y, m, d))
    tmpl = ["Book me a trip to %s on %s",
            "I want to fly to %s on %s, can you book it?",
            "Can you book a trip to %s for %s?",
            "Book a trip: %s, %s",
            "I'd like to travel to %s on %s, please book it",
            "please book travel to %s on %s",
            "Get me a trip to %s on %s",
            "I'm planning ahead, book a trip to %s, date %s",
            "trip to %s on %s, book it",
            "Could you arrange a trip to %s on %s?",
            "Book %s for me on %s",
            "Reserve a trip to %s departing %s"]
    for i in range(12):
        y, m, d = dates[i]
        add("travel.book_trip", tmpl[i] % (cities[i], fmt_date(y, m, d, styles[i])),
            cities[i], y, m, d)

    # ---- travel.book_table
    p = rng.randint(2, 6)
    t = "%dpm" % rng.randint(6, 9)
    add("travel.book_table", "Book a table for %d at %s" % (p, t), p, t)
    p = rng.choice([2, 3, 4])
    t = "%d:30pm" % rng.randint(6, 8)
    add("travel.book_table", "Table for %s at %s, please" % (WORDS[p], t), p, t)
    p = rng.randint(5, 9)
    t = "%d:00" % rng.randint(18, 21)
    add("travel.book_table", "Can you reserve a table for %d people at %s?" % (p, t), p, t)
    add("travel.book_table", "I need a dinner reservation for twelve at 8.15 p.m.", 12, "8.15 p.m.")
    p = rng.randint(2, 4)
    t = "%d pm" % rng.randint(5, 7)
    add("travel.book_table", "reserve us a table, %d of us, %s" % (p, t), p, t)
    add("travel.book_table", "Could you get me a table for 1 at noon?", 1, "noon")
    p = rng.randint(3, 6)
    t = "%d:%02d" % (rng.randint(19, 21), rng.choice([15, 45]))
    add("travel.book_table", "There are %d of us, book a restaurant table at %s" % (p, t), p, t)
    t = "%d pm" % rng.randint(7, 9)
    add("travel.book_table", "Please book a table at %s for eight" % t, 8, t)
    add("travel.book_table", "Book a breakfast table for 10 at seven o'clock", 10, "seven o'clock")
    add("travel.book_table", "Reserve a table for a party of 20 at 1pm", 20, "1pm")
    p = rng.choice([4, 6])
    add("travel.book_table", "Lunch for %d at 12:30 pm, can you book a table?" % p, p, "12:30 pm")
    t = "%d:%02d" % (rng.randint(20, 21), rng.choice([5, 10, 15]))
    add("travel.book_table", "I'd like to book a table for seven tonight at %s" % t, 7, t)

    # ---- travel.order_status (three of each status)
    nums = []
    for r in [0, 1, 2, 3] * 3:
        k = rng.randint(250, 25000)
        nums.append(4 * k + r)
    rng.shuffle(nums)
    tmpl = ["Where is my order %d?",
            "What's the status of order #%d?",
            "Track order number %d",
            "Has order %d shipped yet?",
            "check on my order %d please",
            "Any update on order no. %d?",
            "I'm still waiting on order %d, where is it?",
            "order status %d",
            "Could you look up order %d for me?",
            "Can you tell me what's happening with my order, number %d?",
            "Status for my order: %d",
            "Hi, I placed order %d last week, has it arrived?"]
    for i in range(12):
        add("travel.order_status", tmpl[i] % nums[i], nums[i])

    # ---- travel.convert_currency
    a = rng.choice([100, 200, 500])
    add("travel.convert_currency", "Convert %d dollars to euros" % a, a, "dollar", "euro")
    a = rng.choice([50, 60, 85])
    add("travel.convert_currency", "How much is %d GBP in USD?" % a, a, "GBP", "USD")
    a = rng.choice([20, 35, 45])
    add("travel.convert_currency", "How many yen is %d pounds?" % a, a, "pound", "yen")
    a = rng.choice([250, 400, 750])
    add("travel.convert_currency", "%d EUR to CHF" % a, a, "EUR", "CHF")
    a = rng.choice([10000, 25000, 8000])
    add("travel.convert_currency", "What's %d yen in dollars?" % a, a, "yen", "dollar")
    a = rng.choice([300, 120, 180])
    add("travel.convert_currency",
        "I'm going to Zurich, what are %d euros in Swiss francs?" % a, a, "euro", "swiss franc")
    a = rng.choice([75.5, 42.25, 19.99])
    add("travel.convert_currency", "Please convert %s USD into GBP" % a, a, "USD", "GBP")
    add("travel.convert_currency", "change twenty euros into pounds", 20, "euro", "pound")
    a = rng.choice([5000, 7500, 12000])
    add("travel.convert_currency", "what would %d JPY be in EUR" % a, a, "JPY", "EUR")
    a = rng.choice([40, 65, 90])
    add("travel.convert_currency", "Could you convert %d Swiss francs to dollars?" % a,
        a, "swiss franc", "dollar")
    add("travel.convert_currency", "12.5 pounds in yen?", 12.5, "pound", "yen")
    a = rng.choice([80, 150, 220])
    add("travel.convert_currency", "How much is %d francs in euros?" % a, a, "franc", "euro")
    return out


# --------------------------------------------------------------------------
# invalid: the description itself rejects the value (2 per instruction)
# --------------------------------------------------------------------------
INVALID = [
    ("home.timer", "Set a timer for 30 hours", (30, "hour")),
    ("home.timer", "Start a countdown for 1500 minutes", (1500, "minute")),
    ("home.reminder", "Remind me to lock the back door at 25:00", ("lock the back door", "25:00")),
    ("home.reminder", "Remind me to call Dad at 13pm", ("call Dad", "13pm")),
    ("home.thermostat", "Set the thermostat to 50 C", (50, "C")),
    ("home.thermostat", "Set the heating to 30 degrees Fahrenheit", (30, "fahrenheit")),
    ("home.lights", "Turn on the garage lights", ("garage", True)),
    ("home.lights", "Switch off the lights in the basement", ("basement", False)),
    ("travel.book_trip", "Book a trip to Madrid on 31 February 2025", ("Madrid", 2025, 2, 31)),
    ("travel.book_trip", "Book me a trip to Oslo on 2025-02-29", ("Oslo", 2025, 2, 29)),
    ("travel.book_table", "Book a table for 25 at 7pm", (25, "7pm")),
    ("travel.book_table", "Reserve a table for 4 at 8:75 pm", (4, "8:75 pm")),
    ("travel.order_status", "What's the status of order number 0?", (0,)),
    ("travel.order_status", "Where is my order -42?", (-42,)),
    ("travel.convert_currency", "Convert -50 dollars to euros", (-50, "dollar", "euro")),
    ("travel.convert_currency", "Convert 100 dollars to bitcoin", (100, "dollar", "bitcoin")),
]

NEAR_MISS = [
    "Cancel my timer",
    "How much time is left on the timer?",
    "Pause the countdown",
    "What time is it?",
    "Delete my reminder about the dentist",
    "What reminders do I have today?",
    "Dim the living room lights to 30%",
    "Change the kitchen lights to blue",
    "Are the bedroom lights on?",
    "What's the thermostat set to right now?",
    "What's the temperature outside?",
    "Book a hotel in Paris for 12 March 2025",
    "Cancel my trip to Rome",
    "What's the flight status of BA 117?",
    "Cancel my dinner reservation for tonight",
    "Recommend a good Italian restaurant nearby",
    "Track my parcel, it's coming with DHL",
    "Where is my order?",
    "Where is my refund?",
    "I want to return order 5521",
    "Convert 10 kilometres to miles",
    "Show me the euro to dollar exchange rate history for last year",
    "Which currency is used in Switzerland?",
    "Book a taxi to the airport",
]

OFF_TOPIC = [
    "Tell me a joke",
    "What's the capital of Australia?",
    "Write a short poem about autumn",
    "How do I make pancakes?",
    "What is 17 times 23?",
    "Who won the World Cup in 2018?",
    "Translate 'good morning' into Spanish",
    "hi there",
    "Can you recommend a good book?",
    "Why is the sky blue?",
    "What's the meaning of life?",
    "Summarise the plot of Hamlet",
    "How many calories are in a banana?",
    "thanks, that's all",
    "Explain how a neural network works",
    "Play some jazz",
]


def main():
    rng = random.Random(SEED)
    kinds = {}
    kinds["paraphrase"] = paraphrases(rng)

    inv = []
    for name, text, args in INVALID:
        try:
            FUNCS[name](*args)
        except Invalid:
            pass
        else:
            raise AssertionError("invalid case accepted by reference: %s" % text)
        inv.append({"text": text, "value": None, "split": "heldout", "instruction": name})
    kinds["invalid"] = inv
    kinds["near_miss"] = [{"text": t, "value": None, "split": "heldout", "instruction": None}
                          for t in NEAR_MISS]
    kinds["off_topic"] = [{"text": t, "value": None, "split": "heldout", "instruction": None}
                          for t in OFF_TOPIC]

    expected = {"paraphrase": 96, "invalid": 16, "near_miss": 24, "off_topic": 16}
    all_texts = [c["text"] for cs in kinds.values() for c in cs]
    assert len(all_texts) == len(set(all_texts)), "duplicate texts"
    for kind, cases in kinds.items():
        assert len(cases) == expected[kind], (kind, len(cases))
        with open(os.path.join(OUT, kind + ".jsonl"), "w", encoding="utf-8") as fh:
            for c in cases:
                fh.write(json.dumps(c, ensure_ascii=False) + "\n")
    per = {}
    for c in kinds["paraphrase"]:
        per[c["instruction"]] = per.get(c["instruction"], 0) + 1
    assert all(v == 12 for v in per.values()) and len(per) == 8, per
    print({k: len(v) for k, v in kinds.items()})


if __name__ == "__main__":
    main()
