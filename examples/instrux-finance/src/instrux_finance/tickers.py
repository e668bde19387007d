"""The 87 stocks of StockNet's StockTable (Xu and Cohen 2018, MIT licence), with the names
people write for them.

Symbols and companies are StockNet's ``StockTable`` (``$`` dropped, spelling as there); the
aliases are ours: the company's distinctive name without legal suffixes, and well-known
product or former names where the company is usually called by them (``Google`` for
Alphabet). Aliases that are common English words on their own ("Visa", "Target") are left out
when they would match ordinary text; the cashtag (``$V``) still finds the stock.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["STOCKS", "Stock"]


@dataclass(frozen=True, slots=True)
class Stock:
    symbol: str
    company: str
    sector: str
    aliases: tuple[str, ...] = ()


def _sector(sector: str, rows: list[tuple[str, str, tuple[str, ...]]]) -> list[Stock]:
    return [Stock(symbol, company, sector, aliases) for symbol, company, aliases in rows]


STOCKS: tuple[Stock, ...] = tuple(
    _sector(
        "Basic Materials",
        [
            ("XOM", "Exxon Mobil Corporation", ("Exxon", "ExxonMobil", "Exxon Mobil")),
            ("RDS-B", "Royal Dutch Shell", ("Royal Dutch Shell",)),
            ("PTR", "PetroChina Company Limited", ("PetroChina",)),
            ("CVX", "Chevron Corporation", ("Chevron",)),
            ("TOT", "TOTAL S.A.", ()),
            ("BP", "BP p.l.c.", ("BP",)),
            ("BHP", "BHP Billiton Limited", ("BHP Billiton", "BHP")),
            ("SNP", "China Petroleum & Corporation", ("Sinopec", "China Petroleum")),
            ("SLB", "Schlumberger Limited", ("Schlumberger",)),
            ("BBL", "BHP Billiton plc", ()),
        ],
    )
    + _sector(
        "Consumer Goods",
        [
            ("AAPL", "Apple Inc.", ("Apple", "iPhone", "iPad")),
            ("PG", "The Procter & Gamble", ("Procter & Gamble", "P&G")),
            ("BUD", "Anheuser-Busch InBev SA/NV Company", ("Anheuser-Busch", "AB InBev")),
            ("KO", "The Coca-Cola Company", ("Coca-Cola", "Coke")),
            ("PM", "Philip Morris International", ("Philip Morris",)),
            ("TM", "Toyota Motor Corporation", ("Toyota",)),
            ("PEP", "Pepsico Inc.", ("PepsiCo", "Pepsi")),
            ("UN", "Unilever N.V.", ("Unilever",)),
            ("UL", "Unilever PLC", ()),
            ("MO", "Altria Group Inc.", ("Altria",)),
        ],
    )
    + _sector(
        "Healthcare",
        [
            ("JNJ", "Johnson & Johnson", ("Johnson & Johnson", "J&J")),
            ("PFE", "Pfizer Inc.", ("Pfizer",)),
            ("NVS", "Novartis AG", ("Novartis",)),
            ("UNH", "UnitedHealth Group Incorporated", ("UnitedHealth",)),
            ("MRK", "Merck & Co.", ("Merck",)),
            ("AMGN", "Amgen Inc.", ("Amgen",)),
            ("MDT", "Medtronic plc", ("Medtronic",)),
            ("ABBV", "AbbVie Inc.", ("AbbVie",)),
            ("SNY", "Sanofi", ("Sanofi",)),
            ("CELG", "Celgene Corporation", ("Celgene",)),
        ],
    )
    + _sector(
        "Services",
        [
            ("AMZN", "Amazon.com Inc.", ("Amazon",)),
            ("BABA", "Alibaba Group Holding", ("Alibaba",)),
            ("WMT", "Wal-Mart Stores Inc.", ("Wal-Mart", "Walmart")),
            ("CMCSA", "Comcast Corporation", ("Comcast",)),
            ("HD", "The Home Depot", ("Home Depot",)),
            ("DIS", "The Walt Disney", ("Disney",)),
            ("MCD", "McDonald's Corporation", ("McDonald's", "McDonalds")),
            ("CHTR", "Charter Communications Inc.", ("Charter Communications",)),
            ("UPS", "United Parcel Service Inc.", ("United Parcel Service",)),
            ("PCLN", "The Priceline Group", ("Priceline",)),
        ],
    )
    + _sector(
        "Utilities",
        [
            ("NEE", "NextEra Energy Inc.", ("NextEra",)),
            ("DUK", "Duke Energy Corporation", ("Duke Energy",)),
            ("D", "Dominion Energy Inc.", ("Dominion Energy", "Dominion Resources")),
            ("SO", "The Southern Company", ("Southern Company",)),
            ("NGG", "National Grid plc", ("National Grid",)),
            ("AEP", "American Electric Power Inc.", ("American Electric Power",)),
            ("PCG", "PG&E Corporation", ("PG&E",)),
            ("EXC", "Exelon Corporation", ("Exelon",)),
            ("SRE", "Sempra Energy", ("Sempra",)),
            ("PPL", "PPL Corporation", ()),
        ],
    )
    + _sector(
        "Conglomerates",
        [
            ("IEP", "Icahn Enterprises L.P.", ("Icahn Enterprises",)),
            ("HRG", "HRG Group Inc.", ("HRG Group",)),
            ("CODI", "Compass Diversified Holdings", ("Compass Diversified",)),
            ("REX", "REX American Resources", ("REX American",)),
            ("SPLP", "Steel Partners Holdings", ("Steel Partners",)),
            ("PICO", "PICO Holdings Inc.", ("PICO Holdings",)),
            ("AGFS", "AgroFresh Solutions Inc.", ("AgroFresh",)),
            ("GMRE", "Global Medical REIT", ("Global Medical REIT",)),
        ],
    )
    + _sector(
        "Financial",
        [
            ("BCH", "Banco de Chile", ("Banco de Chile",)),
            ("BSAC", "Banco Santander-Chile", ("Banco Santander-Chile", "Santander Chile")),
            ("BRK-A", "Berkshire Hathaway Inc.", ("Berkshire Hathaway", "Berkshire")),
            ("JPM", "JPMorgan Chase & Co.", ("JPMorgan", "JP Morgan", "Chase")),
            ("WFC", "Wells Fargo & Co.", ("Wells Fargo",)),
            ("BAC", "Bank of America", ("Bank of America", "BofA")),
            ("V", "Visa Inc.", ()),
            ("C", "Citigroup Inc.", ("Citigroup", "Citi", "Citibank")),
            ("HSBC", "HSBC Holdings plc", ("HSBC",)),
            ("MA", "Mastercard Incorporated", ("Mastercard", "MasterCard")),
        ],
    )
    + _sector(
        "Industrial Goods",
        [
            ("GE", "General Electric Company", ("General Electric",)),
            ("MMM", "3M Company", ("3M",)),
            ("BA", "The Boeing Company", ("Boeing",)),
            ("HON", "Honeywell International Inc.", ("Honeywell",)),
            ("UTX", "United Technologies Corporation", ("United Technologies",)),
            ("LMT", "Lockheed Martin Corporation", ("Lockheed Martin", "Lockheed")),
            ("CAT", "Caterpillar Inc.", ("Caterpillar",)),
            ("GD", "General Dynamics Corporation", ("General Dynamics",)),
            ("DHR", "Danaher Corporation", ("Danaher",)),
            ("ABB", "ABB Ltd", ("ABB",)),
        ],
    )
    + _sector(
        "Technology",
        [
            ("GOOG", "Alphabet Inc.", ("Alphabet", "Google")),
            ("MSFT", "Microsoft Corporation", ("Microsoft",)),
            ("FB", "Facebook Inc.", ("Facebook",)),
            ("T", "AT&T Inc.", ("AT&T",)),
            ("CHL", "China Mobile Limited", ("China Mobile",)),
            ("ORCL", "Oracle Corporation", ("Oracle",)),
            ("TSM", "Taiwan Semiconductor Manufacturing Company Limited", ("TSMC",)),
            ("VZ", "Verizon Communications Inc.", ("Verizon",)),
            ("INTC", "Intel Corporation", ("Intel",)),
            ("CSCO", "Cisco Systems Inc.", ("Cisco",)),
        ],
    )
)
