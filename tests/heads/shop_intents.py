"""A small intent data set written for the heads' done-when test (issue 21).

Twelve intents of an online shop's support, eight training sentences each; test sentences
worded differently from every training sentence (other verbs, other nouns, other order);
off-topic sentences that no intent covers (chit-chat, arithmetic, weather, other services,
gibberish). It is for CI; the honest measurement is the blind set (docs/results.md).
"""

from __future__ import annotations

TRAIN: dict[str, list[str]] = {
    "track_order": [
        "where is my order",
        "track my package",
        "has my parcel shipped yet",
        "what is the status of my order",
        "i want to know where my delivery is",
        "can you give me the tracking number",
        "my order still hasn't arrived",
        "show me the shipping status",
    ],
    "cancel_order": [
        "cancel my order",
        "i want to cancel the purchase i just made",
        "please stop my order from being sent",
        "can i still cancel order 5521",
        "i changed my mind, cancel it",
        "how do i cancel an order",
        "call off my last order",
        "i no longer want the items i ordered",
    ],
    "return_item": [
        "i want to return this item",
        "how do i send back a product",
        "the shoes don't fit, can i return them",
        "start a return for my jacket",
        "what is your return policy",
        "i need a return label",
        "can i get a refund if i send it back",
        "return the blender i bought last week",
    ],
    "change_address": [
        "change my delivery address",
        "i moved, update my shipping address",
        "send the order to a different address",
        "the address on my order is wrong",
        "can i edit where my package goes",
        "update the street name on my delivery",
        "ship it to my office instead",
        "correct the postcode on my order",
    ],
    "payment_failed": [
        "my payment was declined",
        "the checkout keeps rejecting my card",
        "why did my payment fail",
        "i was charged but the order failed",
        "card payment not going through",
        "error when i try to pay",
        "my credit card was refused at checkout",
        "the transaction failed twice",
    ],
    "apply_coupon": [
        "how do i use a discount code",
        "my promo code isn't working",
        "apply this voucher to my order",
        "where do i enter a coupon",
        "the discount wasn't applied",
        "i have a gift code, how do i redeem it",
        "can i use two coupons at once",
        "the sale code says invalid",
    ],
    "delivery_time": [
        "how long does shipping take",
        "when will my order be delivered",
        "do you offer next day delivery",
        "how many days until it arrives",
        "what are the delivery times to scotland",
        "can i get it by friday",
        "is express shipping faster",
        "estimated arrival date for standard shipping",
    ],
    "product_availability": [
        "is this item in stock",
        "when will the blue sweater be available again",
        "do you have these boots in size 42",
        "the product says sold out, will you restock",
        "is the laptop available in silver",
        "can i preorder the new phone",
        "do you still sell this lamp",
        "notify me when it's back in stock",
    ],
    "contact_human": [
        "i want to talk to a real person",
        "connect me with customer service",
        "can i speak to an agent",
        "give me your phone number",
        "i need a human, not a bot",
        "how do i reach support by phone",
        "transfer me to a representative",
        "is there someone i can chat with",
    ],
    "reset_password": [
        "i forgot my password",
        "reset my password please",
        "i can't log in to my account",
        "how do i change my password",
        "the password reset email never came",
        "my login isn't working",
        "i'm locked out of my account",
        "send me a link to set a new password",
    ],
    "gift_wrap": [
        "can you gift wrap my order",
        "add gift wrapping",
        "i want to include a gift message",
        "do you offer gift boxes",
        "wrap the present please",
        "is gift wrapping free",
        "put a card with a note in the package",
        "send it as a gift without the price",
    ],
    "invoice": [
        "i need an invoice for my purchase",
        "send me a receipt",
        "where can i download my bill",
        "can i get a vat invoice",
        "the invoice has the wrong company name",
        "email me a copy of my receipt",
        "i need proof of purchase",
        "my invoice is missing",
    ],
}

TEST: dict[str, list[str]] = {
    "track_order": [
        "any news on when my parcel gets here",
        "i'd like an update on my shipment",
        "which stage is my purchase at right now",
    ],
    "cancel_order": [
        "please don't ship what i bought, i want it cancelled",
        "scrap the order i placed this morning",
        "undo my purchase before it leaves the warehouse",
    ],
    "return_item": [
        "this dress is too small and i want to give it back",
        "how can i ship an unwanted product back to you",
        "i'd like to send back the headphones for my money",
    ],
    "change_address": [
        "my flat number is missing from the shipping details",
        "deliver to my parents' house rather than mine",
        "i gave you my old home, please fix the destination",
    ],
    "payment_failed": [
        "my visa got rejected when i tried to buy",
        "the bank keeps denying the purchase at the payment step",
        "paying doesn't work, it shows an error every time",
    ],
    "apply_coupon": [
        "the voucher i got by email gives me no reduction",
        "where does the promotional code go when paying",
        "my 20 percent off code won't work",
    ],
    "delivery_time": [
        "how quickly can you get a parcel to me",
        "how soon will a package reach london",
        "what's the usual wait before things show up",
    ],
    "product_availability": [
        "are the red trainers going to be restocked",
        "have you got this coat in a medium",
        "is the grey sofa currently available to buy",
    ],
    "contact_human": [
        "let me speak with someone from your staff",
        "i'd rather chat with an actual employee",
        "what number can i ring to get help",
    ],
    "reset_password": [
        "i can't remember my login details",
        "my sign in keeps failing, how do i get a new password",
        "help me get back into my account, i lost the password",
    ],
    "gift_wrap": [
        "could the parcel come in nice present paper",
        "it's a birthday present, can you wrap it",
        "please add a little note for the person receiving it",
    ],
    "invoice": [
        "i need a bill for my company's accounts",
        "could you resend the receipt for my last purchase",
        "where is the tax document for what i bought",
    ],
}

OFF_TOPIC: list[str] = [
    "what's the weather on mars",
    "tell me a joke",
    "asdfgh qwerty",
    "what is 17 times 23",
    "who won the football match last night",
    "play some relaxing music",
    "set an alarm for 7 am",
    "what's the capital of peru",
    "how do i bake sourdough bread",
    "translate hello into german",
    "how tall is the eiffel tower",
    "recommend a good film for tonight",
    "what time is it in sydney",
    "book a table for two at eight",
    "how many legs does a spider have",
    "turn off the living room lights",
    "what is the meaning of life",
    "write me a poem about the sea",
    "how are you today",
    "find flights from rome to paris",
]


def rows(split: dict[str, list[str]]) -> list[tuple[str, str]]:
    """``(text, intent)`` rows of a split."""
    return [(text, intent) for intent, texts in split.items() for text in texts]
