"""Prototype texts of each event type, for the zero-shot event classifier (:mod:`.events`).

Written from the label definitions alone (docs/finance.md), before any labelled tweet was
read, in the style of finance headlines and tweets, with made-up or generic companies: they
describe what each type means, they are not copies of evaluation data. A text's event is the
type whose prototypes it is most similar to (sentence embeddings); ``other`` has prototypes of
its own (price talk, trading ideas, spam), so that a text with no event is not forced into
the nearest event.
"""

from __future__ import annotations

from typing import Final, Literal

__all__ = ["EVENT_PROTOTYPES", "EventType"]

EventType = Literal["earnings", "analyst", "deal", "legal", "product", "macro", "other"]

EVENT_PROTOTYPES: Final[dict[EventType, tuple[str, ...]]] = {
    "earnings": (
        "Company reports quarterly earnings per share above estimates",
        "Q3 revenue came in below expectations, profit fell 12%",
        "$XYZ beats on EPS and raises full-year guidance",
        "Earnings preview: what to expect from the retailer's results on Tuesday",
        "The bank misses profit forecasts as trading revenue slumps",
        "Company cuts its outlook for next year, sales growth slows",
        "Board raises the quarterly dividend and announces a $5B share buyback",
        "Net income doubled year over year on strong iPhone sales",
        "Earnings call tonight after the close, consensus is $1.12 a share",
        "Same-store sales rose 4% in the holiday quarter",
        "The chipmaker posts record quarterly revenue and margins",
        "Weak guidance sends the stock lower after hours",
    ),
    "analyst": (
        "Analyst upgrades the stock to buy with a $150 price target",
        "Downgraded to neutral at Goldman Sachs",
        "Morgan Stanley raises its price target on $XYZ to $90",
        "Broker initiates coverage with an outperform rating",
        "Analysts cut their earnings estimates for the company",
        "Moody's downgrades the company's credit rating",
        "JPMorgan reiterates overweight, sees 20% upside",
        "Price target lowered to $40 from $55 by Barclays",
        "Wall Street analysts are split on the stock after the report",
        "Rating changed to underperform, citing slowing growth",
    ),
    "deal": (
        "Company agrees to acquire its rival for $10 billion in cash",
        "Merger talks between the two drugmakers confirmed",
        "Activist investor takes a 5% stake in the retailer",
        "The group plans to spin off its cable unit",
        "Tech startup files for an IPO on the Nasdaq",
        "Takeover bid rejected by the board as too low",
        "The two firms form a joint venture and a partnership on cloud services",
        "Company wins a $2 billion defense contract",
        "Buffett's Berkshire buys more shares of the bank",
        "Deal to buy the streaming service closes next quarter",
        "Hedge fund sells its entire stake in the company",
    ),
    "legal": (
        "Company sued over patent infringement",
        "Regulators open an investigation into the bank's trading practices",
        "Court rules against the company in an antitrust case",
        "Firm agrees to pay $1 billion to settle fraud charges",
        "The SEC fines the company for misleading investors",
        "Automaker recalls 500,000 cars over faulty airbags",
        "EU probe into the tech giant's tax deals",
        "Class action lawsuit filed on behalf of shareholders",
        "Judge blocks the merger on competition grounds",
        "Justice Department charges former executives with bribery",
    ),
    "product": (
        "Company launches a new smartphone with a bigger screen",
        "The new watch goes on sale next month",
        "FDA approves the company's new cancer drug",
        "Drug trial results show the treatment works in late-stage study",
        "The retailer opens 50 new stores this year",
        "Company unveils its streaming service at the event",
        "CEO steps down, a new chief executive is named",
        "The company plans to cut 5,000 jobs in a restructuring",
        "Review: the new tablet is faster but the battery is weaker",
        "Service outage hits millions of users worldwide",
        "Airline adds new routes and orders 100 planes",
        "Preorders for the new console sold out in hours",
    ),
    "macro": (
        "Fed holds interest rates steady and signals a hike later this year",
        "Inflation rises more than expected in the latest report",
        "Jobs report: the economy added 200,000 jobs, unemployment falls",
        "Oil prices drop below $50 a barrel",
        "The dollar strengthens against the euro and the yen",
        "GDP growth slows in the first quarter",
        "Dow and S&P 500 close at record highs as markets rally",
        "Stocks fall worldwide on fears about China's economy",
        "Treasury yields climb after the central bank's statement",
        "Geopolitical tensions weigh on global markets",
        "The stock market is overdue for a correction",
    ),
    "other": (
        "$XYZ up 3% today, breaking out above resistance",
        "Stock hits a new 52-week high on heavy volume",
        "Bought more shares this morning, holding long",
        "Huge call option activity in $XYZ",
        "Top stock picks for this week: $ABC $XYZ $DEF",
        "Chart looks bullish, watching the 50-day moving average",
        "Should I buy or sell this stock? What do you think?",
        "Sign up for our free newsletter for the best penny stocks",
        "Short squeeze coming, target 120",
        "Stocks to watch today $ABC $DEF $GHI $XYZ",
        "Technical analysis: RSI oversold, MACD crossover",
        "Closed my position for a nice gain",
        "Most active stocks in premarket trading",
    ),
}
