"""Relabel square-root cases the brief wrongly called unsupported (math.power has square-root
phrasings): value = sqrt of the one number, read from the case's own text."""
import json, math, sys, glob, re
import cn2an
from text_to_num import alpha2digit
for root in sys.argv[1:]:
    for f in glob.glob(f"{root}/*/unsupported.jsonl"):
        out=[]
        for line in open(f, encoding="utf-8"):
            c=json.loads(line)
            t=c["text"]
            if re.search(r"平方根|√|racine carr[ée]e|Wurzel|ra[íi]z cuadrada", t) and not re.search(r"cubi|kubik|dritte|立方", t):
                lang=c["lang"]
                s=cn2an.transform(t,"cn2an") if lang=="zh" else alpha2digit(t,lang)
                import unicodedata; s=unicodedata.normalize("NFKC", s)
                nums=re.findall(r"\d+(?:[.,]\d+)?", s)
                assert len(nums)==1, (t, nums)
                v=float(nums[0].replace(",","."))
                r=math.sqrt(v)
                c["value"]=int(r) if r.is_integer() else round(r,10)
                c["relabelled"]="square root: math.power supports it (brief error)"
                print(f, t, c["value"])
            out.append(json.dumps(c, ensure_ascii=False))
        open(f,"w",encoding="utf-8").write("\n".join(out)+"\n")
